package dev.handoff.app.conversation;

/** Where an assistant reply came from: store order data, an FAQ item, or a language model. */
public enum AnswerSource { order_status, faq, llm }
