// The draft review queue's keyboard: which key does what, outside text fields. Kept apart from the
// DOM so it can be tested.

export type QueueAction = "next" | "previous" | "approve" | "discard" | "edit" | "open" | null;

/** @return the action of a key press in the queue (j/k or arrows move, a approves, d discards, e edits, o opens the conversation; Ctrl/⌘+Enter approves even while editing) */
export function queueKey(key: string, inTextField: boolean, ctrlOrMeta: boolean): QueueAction {
  if (key === "Enter" && ctrlOrMeta) return "approve";
  if (inTextField) return null;
  switch (key) {
    case "j": case "ArrowDown": return "next";
    case "k": case "ArrowUp": return "previous";
    case "a": return "approve";
    case "d": return "discard";
    case "e": return "edit";
    case "o": return "open";
    default: return null;
  }
}
