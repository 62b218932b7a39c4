package dev.handoff.app.conversation;

/**
 * Where an assistant reply came from: store order data, an FAQ item, a language model, or a
 * "Did you mean …?" question offering FAQ items (its cited items are the choices, in order).
 */
public enum AnswerSource { order_status, faq, llm, clarify }
