console.log("handoff widget");
