// How stored values read to a person: order numbers written once ("#1034"), order and shipment
// statuses in words, where an assistant message came from, ticket reasons and categories.

/** @return the order's name with exactly one leading "#" ("1034" and "#1034" both give "#1034") */
export function orderLabel(number: string): string {
  return "#" + number.replace(/^#+/, "");
}

const STATUS: Record<string, string> = {
  // Shopify financial statuses
  pending: "Payment pending", authorized: "Payment authorised", partially_paid: "Partly paid", paid: "Paid",
  partially_refunded: "Partly refunded", refunded: "Refunded", voided: "Payment voided",
  // fulfilment statuses
  fulfilled: "Shipped", partial: "Partly shipped", partially_fulfilled: "Partly shipped", unfulfilled: "Not shipped yet", restocked: "Restocked",
  // shipment (tracking) statuses
  label_printed: "Label printed", label_purchased: "Label purchased", confirmed: "Confirmed", in_transit: "In transit",
  out_for_delivery: "Out for delivery", attempted_delivery: "Delivery attempted", ready_for_pickup: "Ready for pickup",
  delivered: "Delivered", failure: "Delivery failed", success: "Shipped", cancelled: "Cancelled", error: "Error",
};

/** @return a Shopify status in words ("in_transit" → "In transit"); unknown values are un-snake-cased */
export function statusLabel(value: string | null | undefined): string {
  if (!value) return "";
  const known = STATUS[value.toLowerCase()];
  if (known) return known;
  const words = value.replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** @return where an assistant message came from: an order lookup, the FAQ, or a handoff notice (no source) */
export function sourceLabel(source: string | null): string {
  if (source === "order_status") return "Order status";
  if (source === "faq" || source === "llm") return "Answered from the FAQ";
  if (source === "clarify") return "Asked which FAQ item";
  return "Handoff notice";
}

/** @return a ticket reason or category in words ("damaged_item" → "Damaged item") */
export function words(value: string | null | undefined): string {
  return statusLabel(value);
}
