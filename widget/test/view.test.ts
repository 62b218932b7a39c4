import { describe, expect, it } from "vitest";
import { answeringPerson, authorOf, isEmail, sections, statusLine, surveyThanks, timeOf, transcriptConfirmation, transcriptDue } from "../src/view";

describe("sections", () => {
  it("shows the pre-chat form only when enabled, before the first message and until filled or skipped", () => {
    expect(sections({ started: false, preChatForm: true, introduced: false, surveyDue: false }))
      .toEqual({ prechat: true, log: false, send: false, survey: false });
    expect(sections({ started: false, preChatForm: false, introduced: false, surveyDue: false }).prechat).toBe(false);
    expect(sections({ started: false, preChatForm: true, introduced: true, surveyDue: false }))
      .toEqual({ prechat: false, log: true, send: true, survey: false });
    expect(sections({ started: true, preChatForm: true, introduced: false, surveyDue: false }).prechat).toBe(false);
  });
  it("shows the survey only once a started conversation has one due", () => {
    expect(sections({ started: true, preChatForm: false, introduced: false, surveyDue: false }).survey).toBe(false);
    expect(sections({ started: true, preChatForm: false, introduced: false, surveyDue: true }))
      .toEqual({ prechat: false, log: true, send: true, survey: true });
    expect(sections({ started: false, preChatForm: false, introduced: false, surveyDue: true }).survey).toBe(false);
  });
});

describe("messages", () => {
  it("names who wrote each message", () => {
    expect(authorOf({ author: "customer" })).toBe("You");
    expect(authorOf({ author: "assistant" })).toBe("Assistant");
    expect(authorOf({ author: "agent", authorName: "Maria" })).toBe("Maria");
    expect(authorOf({ author: "agent", authorName: null })).toBe("Support team");
    expect(authorOf({ author: "system" })).toBe("");
  });
  it("writes the time as today, this week or a date", () => {
    const now = new Date(2026, 10, 27, 15, 0);
    expect(timeOf(new Date(2026, 10, 27, 9, 5).toISOString(), now)).toBe("09:05");
    expect(timeOf(new Date(2026, 10, 24, 18, 30).toISOString(), now)).toBe("Tue 18:30");
    expect(timeOf(new Date(2026, 9, 3, 8, 0).toISOString(), now)).toBe("3 Oct 08:00");
    expect(timeOf("", now)).toBe("");
  });
});

describe("header", () => {
  const usual = "The team is online until 17:00 and replies here.";
  it("says when the team usually answers, and after a handoff when a person will reply", () => {
    expect(statusLine(usual, null)).toBe(usual);
    expect(statusLine(usual, { status: "pending", withTeam: false, expectedReply: "x" })).toBe(usual);
    expect(statusLine(usual, { status: "escalated", withTeam: true, expectedReply: "A person will reply here as soon as possible." }))
      .toBe("A person will reply here as soon as possible.");
    expect(statusLine(usual, { status: "resolved", withTeam: true, expectedReply: "x" })).toBe(usual);
  });
  it("once a person replied, says who the shopper is talking with instead of that a person will reply", () => {
    const escalated = { status: "escalated", withTeam: true, expectedReply: "A person will reply here as soon as possible." };
    const handoff = [{ author: "customer" as const }, { author: "assistant" as const }];
    expect(answeringPerson(handoff)).toBeNull();
    expect(statusLine(usual, escalated, answeringPerson(handoff))).toBe("A person will reply here as soon as possible.");
    const replied = [...handoff, { author: "agent" as const, authorName: "Mia" }, { author: "customer" as const }];
    expect(statusLine(usual, escalated, answeringPerson(replied))).toBe("You're talking with Mia.");
    expect(answeringPerson([...handoff, { author: "agent" as const, authorName: null }])).toBe("the support team");
    expect(answeringPerson([...replied, { author: "assistant" as const }])).toBeNull(); // handed over again
    expect(statusLine(usual, { ...escalated, status: "resolved" }, "Mia")).toBe(usual);
  });
});

describe("transcript", () => {
  it("is offered only by a store that sends them, once a conversation is shown", () => {
    expect(transcriptDue(true, true, true)).toBe(true);
    expect(transcriptDue(false, true, true)).toBe(false);
    expect(transcriptDue(true, false, true)).toBe(false);
    expect(transcriptDue(true, true, false)).toBe(false);
  });
  it("checks the address and confirms where and when it goes", () => {
    expect(isEmail("ana@example.com")).toBe(true);
    expect(isEmail("ana@example")).toBe(false);
    expect(isEmail("ana example@x.com")).toBe(false);
    expect(isEmail("a".repeat(250) + "@x.com")).toBe(false);
    expect(transcriptConfirmation("ana@example.com", "on-resolve")).toBe("We'll email a transcript of this chat to ana@example.com when it is resolved.");
    expect(transcriptConfirmation("ana@example.com", "now")).toBe("A transcript of this chat is on its way to ana@example.com.");
  });
});

describe("surveyThanks", () => {
  it("thanks the shopper for either rating and keeps the comment open until one is sent", () => {
    expect(surveyThanks("up", false, false)).toBe("Thank you for your feedback! You can still add a comment below.");
    expect(surveyThanks("up", false, true)).toBe("Thank you for your feedback! We've received your comment.");
    expect(surveyThanks("down", false, false)).toBe("Thank you for your feedback, and we're sorry we didn't get this right."
      + " You can still add a comment below.");
  });
  it("says a person will follow up when a thumbs-down reopened the conversation", () => {
    const s = surveyThanks("down", true, true);
    expect(s.startsWith("Thank you for your feedback")).toBe(true);
    expect(s).toContain("someone will follow up here");
    expect(s).toContain("We've received your comment.");
  });
});
