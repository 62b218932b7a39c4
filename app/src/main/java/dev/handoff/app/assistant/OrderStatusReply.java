package dev.handoff.app.assistant;

import dev.handoff.app.commerce.ShopifyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wording of order-status answers. Pure functions of the order data: nothing is invented. */
final class OrderStatusReply {

    private OrderStatusReply() {
    }

    /** Full details, for a shopper whose email matches the order's. */
    static String details(ShopifyOrder o, Instant now) {
        StringBuilder b = new StringBuilder("Here's the latest on order ").append(o.name()).append(":\n");
        b.append("• Status: ").append(fulfillment(o)).append('\n');
        b.append("• Payment: ").append(payment(o.financialStatus())).append('\n');
        if (!o.items().isEmpty()) {
            b.append("• Items: ").append(o.items().stream().map(i -> i.quantity() + " × " + i.title()
                    + (i.variantTitle() == null || i.variantTitle().isBlank() ? "" : " (" + i.variantTitle() + ")"))
                    .collect(Collectors.joining(", "))).append('\n');
        }
        b.append("• Total: ").append(o.total()).append('\n');
        List<String> tracking = o.shipments().stream().flatMap(s -> tracking(s).stream()).toList();
        if (tracking.isEmpty()) {
            b.append(o.cancelledAt() != null ? "• Tracking: none, the order was cancelled."
                    : "• Tracking: no tracking number yet, because the order hasn't shipped. You'll get the tracking link by email as soon as it does.");
        } else {
            b.append("• Tracking: ").append(String.join("; ", tracking));
        }
        if (o.delayed(now)) {
            b.append("\nThis order is taking longer than it should. If you'd like a person to look into it, just say so here.");
        }
        return b.toString();
    }

    /** Status only, for a shopper who has not shown the order's email (as Shopify's order status page requires). */
    static String statusOnly(ShopifyOrder o) {
        return "Order " + o.name() + " is " + fulfillment(o).toLowerCase(Locale.ROOT) + ". "
                + "To share the items, total and tracking link I need to confirm it's yours: what's the email address you used for this order?";
    }

    static String askForReference() {
        return "I can check that for you. What's your order number (for example #1042), or the email address you used at checkout?";
    }

    static String notFound(String number) {
        return "I can't find an order #" + number + " in this store. Could you check the number in your order confirmation email? "
                + "You can also give me the email address you used at checkout.";
    }

    static String noOrdersForEmail() {
        return "I can't find any orders placed with that email address. Could you send me the order number from your confirmation email (for example #1042)?";
    }

    static String emailMismatch(ShopifyOrder o) {
        return "That email doesn't match order " + o.name() + ", so I can only say that it is " + fulfillment(o).toLowerCase(Locale.ROOT)
                + ". Please write from the email address used at checkout, or give it here, and I'll share the details.";
    }

    /** @return a short fulfillment description for summaries, e.g. "Order appears delayed." */
    static String summarySentence(ShopifyOrder o, Instant now) {
        if (o.cancelledAt() != null) {
            return "Order was cancelled.";
        }
        if (o.delayed(now)) {
            return "Order appears delayed.";
        }
        if (o.shipments().isEmpty()) {
            return "Order has not shipped yet.";
        }
        return "Order " + fulfillment(o).toLowerCase(Locale.ROOT) + ".";
    }

    static String fulfillment(ShopifyOrder o) {
        if (o.cancelledAt() != null) {
            return "Cancelled";
        }
        String shipment = o.shipments().isEmpty() ? null : o.shipments().get(o.shipments().size() - 1).shipmentStatus();
        String base = o.fulfillmentStatus() == null ? "Not shipped yet (being prepared)"
                : switch (o.fulfillmentStatus()) {
                    case "fulfilled" -> "Shipped";
                    case "partial" -> "Partially shipped";
                    case "restocked" -> "Cancelled and restocked";
                    default -> capitalise(o.fulfillmentStatus().replace('_', ' '));
                };
        if (shipment == null || o.fulfillmentStatus() == null) {
            return base;
        }
        return base + " (" + switch (shipment) {
            case "in_transit" -> "in transit";
            case "out_for_delivery" -> "out for delivery today";
            case "delivered" -> "delivered";
            case "attempted_delivery" -> "a delivery attempt failed";
            case "failure" -> "the carrier reported a delivery problem";
            case "ready_for_pickup" -> "ready for pickup";
            case "label_printed", "label_purchased", "confirmed" -> "handed to the carrier soon";
            default -> shipment.replace('_', ' ');
        } + ")";
    }

    private static String payment(String financialStatus) {
        if (financialStatus == null) {
            return "unknown";
        }
        return switch (financialStatus) {
            case "paid" -> "Paid";
            case "pending" -> "Pending";
            case "authorized" -> "Authorised (not yet captured)";
            case "partially_paid" -> "Partially paid";
            case "refunded" -> "Refunded";
            case "partially_refunded" -> "Partially refunded";
            case "voided" -> "Voided";
            default -> capitalise(financialStatus.replace('_', ' '));
        };
    }

    private static List<String> tracking(ShopifyOrder.Shipment s) {
        String carrier = s.carrier() == null ? "" : s.carrier() + " ";
        int n = Math.max(s.trackingNumbers().size(), s.trackingUrls().size());
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String number = i < s.trackingNumbers().size() ? s.trackingNumbers().get(i) : "";
            String url = i < s.trackingUrls().size() ? s.trackingUrls().get(i) : null;
            out.add((carrier + number).strip() + (url == null ? "" : " " + url));
        }
        return out;
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
