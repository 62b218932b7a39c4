// Shapes of the admin API (see /openapi.yml).

export type Status = "pending" | "escalated" | "resolved" | "cancelled";
export interface Store { id: string; name: string; widgetKey: string }
export interface Attachment { id: string; filename: string | null; contentType: string; contentId: string | null; sizeBytes: number }
export interface Message {
  id: string; conversationId: string; author: "customer" | "assistant" | "agent" | "system"; text: string;
  source: "order_status" | "faq" | "llm" | "clarify" | null; citedFaqIds: string[]; orderNumber: string | null;
  sentiment: "positive" | "neutral" | "negative" | null; sentimentScore: number | null; createdAt: string;
  subject: string | null; html: string | null; attachments: Attachment[];
  agentId: string | null;
  threading?: Threading | null;
  /** an assistant reply on email that went out without review (its kind of draft graduated), not approved by an agent */
  autoSent: boolean;
  email: { direction: string; from: string | null; to: string[]; quotedText: string; automatic: boolean; parseError: string | null; deliveryStatus: string | null } | null;
}
/** Why an inbound email was placed in its conversation. */
export interface Threading {
  rule: "in-reply-to" | "references" | "provider-thread" | "subject+participants" | "new";
  matchedMessageId: string | null; windowHours: number | null;
  rejected: { conversationId: string; messageId: string; reason: string }[];
}
/** A merge or split (GET …/conversations/{id}/moves). */
export interface Move {
  id: string; kind: "merge" | "split"; sourceId: string; targetId: string; messages: number; notes: number; drafts: number; tickets: number;
  closedTicket: number | null; agentId: string | null; createdAt: string; undoneAt: string | null;
}
export interface Summary {
  id: string; status: Status; channel: string; contact: { id: string; name: string | null; email: string | null } | null;
  unreadCount: number; sentimentTrend: number | null; sentiment: "positive" | "neutral" | "negative" | null; tags: string[]; assigneeId: string | null;
  lastMessage: Message | null; lastActivityAt: string; createdAt: string; pendingDrafts: number;
  /** the conversation this one was merged into (then it is only a pointer), else null */
  mergedInto?: string | null;
}
export interface Note { id: string; author: string; kind: string; body: string; createdAt: string }
export interface Detail { conversation: Summary; messages: Message[]; notes: Note[] }
export interface Ticket {
  number: number; conversationId: string; status: string; priority: "low" | "medium" | "high" | "urgent"; category: string;
  orderNumber: string | null; summary: string; sentiment: string | null; escalationReason: string; assigneeId: string | null;
  tags: string[]; createdAt: string; updatedAt: string;
}
export interface Draft {
  id: string; conversationId: string; status: string; body: string; originalBody: string; edited: boolean; source: string | null;
  citedFaqIds: string[]; orderNumber: string | null; inbound: Message | null; deliveryStatus: string | null; lastError: string | null;
  createdAt: string; updatedAt: string;
}
export interface Canned { id: string; shortcut: string; title: string; body: string }
/** A FAQ import (GET /api/stores/{id}/faq/imports/{importId}): a background job with progress. */
export interface FaqImport {
  id: string; status: "running" | "done" | "failed"; total: number; processed: number; created: number; updated: number;
  unchanged: number; failed: number; errors: { row: number; detail: string }[]; failure: string | null;
  createdAt: string; updatedAt: string; finishedAt: string | null;
}
export interface FaqItem { id: string; categoryId: string | null; question: string; alternateQuestions: string[]; answer: string; published: boolean; position: number; updatedAt: string }
export interface HelpStats {
  views: number; searches: number; searchesWithoutResult: number; sessions: number; deflected: number; deflectionRate: number | null;
  items: { itemId: string; question: string; views: number; helpful: number; notHelpful: number }[];
  unansweredSearches: { query: string; count: number; lastAt: string }[];
}
export interface Category { id: string; name: string }
export interface Agent { id: string; email: string; name: string; role: string }
export interface Order {
  name: string; orderNumber: string; email: string | null; financialStatus: string | null; fulfillmentStatus: string | null;
  totalPrice: string; currency: string; createdAt: string; cancelledAt: string | null;
  items: { title: string; variantTitle: string | null; quantity: number; price: string | null }[];
  shipments: { status: string | null; carrier: string | null; trackingNumbers: string[]; trackingUrls: string[]; shipmentStatus: string | null }[];
}
export interface Analytics {
  from: string; to: string; conversations: number; resolvedByAssistant: number; resolvedWithHuman: number; escalated: number; cancelled: number;
  escalationRate: number; firstResponseSeconds: { median: number | null; p90: number | null }; resolutionSeconds: { median: number | null; p90: number | null };
  csat: number | null; sentiment: { day: string; positive: number; neutral: number; negative: number; meanScore: number | null }[];
  topCategories: { key: string; label: string; count: number }[]; topFaqItems: { key: string; label: string; count: number }[];
  unansweredQuestions: { example: string; count: number; examples: string[] }[]; busiestHours: number[][];
  byChannel: { channel: string; conversations: number; escalated: number; resolved: number }[];
  assistant: {
    confirmed: number; assumed: number; reopened: number; automationRate: number;
    teamFirstResponse: { median: number | null; p90: number | null }; assistantFirstResponse: { median: number | null; p90: number | null };
  };
  /** the assistant's email replies written in the period, by what became of them */
  drafts: { autoSent: number; approvedUnedited: number; approvedEdited: number; discarded: number; superseded: number; pending: number };
}
export interface UnansweredCluster {
  size: number; examples: string[]; messageIds: string[]; suggestedQuestion: string; personAnswered: number; draftAnswer: string | null;
  nearestFaqItems: { id: string; question: string; similarity: number }[];
  answeredNowBy: { id: string; question: string; similarity: number } | null;
}
/** A shopper's question suggested as a phrasing of the item they picked after "Did you mean …?" (waiting for a second shopper or the merchant). */
export interface PhrasingSuggestion { id: string; itemId: string; itemQuestion: string; text: string; conversationId: string; createdAt: string }
export interface ItemQuality { itemId: string; question: string; answers: number; followedByPerson: number; reopened: number; ratedDown: number; right: number }
export interface ItemReview { itemId: string; question: string; ratedDown: number; followedByPerson: number; cases: { conversationId: string; question: string; reason: string; at: string }[] }
export interface Cost {
  modelConfigured: boolean; inputTokens: number; outputTokens: number; cost: number; conversations: number; assistantHandled: number;
  tokensPerConversation: number | null; costPerConversation: number | null; costPerConversationMedian: number | null;
  costPerConversationP90: number | null; tokensPerAssistantHandled: number | null; costPerAssistantHandled: number | null;
  pricePer1kInputTokens: number; pricePer1kOutputTokens: number; anchors: { name: string; perResolution: number }[];
}
export interface Outcome {
  outcome: string; faqItemId: string | null; faqQuestion: string | null; reason: string | null;
  choices?: { faqItemId: string; question: string }[] | null;
}
export interface ReplayChange { messageId: string; conversationId: string; text: string; kind: string; before: Outcome; after: Outcome; flagged: boolean }
export interface Replay {
  id: string; status: "running" | "done" | "failed"; progress: number; messages: number; error: string | null; publishedAt: string | null;
  summary: { newlyAnswered: number; newlySilent: number; changedAnswer: number; newlyEscalated: number; noLongerEscalated: number; unchanged: number; otherChanges: number; flagged: number } | null;
  changes: ReplayChange[] | null;
}

/** What the assistant would do with a message (GET …/assistant/faq-decision?q=). */
export interface FaqDecision {
  outcome: "answer" | "clarify" | "silent";
  ranked: { itemId: string; question: string; score: number }[];
  choices: { itemId: string; question: string; score: number }[];
  reason: string;
}
