package dev.handoff.app.platform;

import java.util.regex.Pattern;

/** The one check of an email address a shopper or an admin types (a practical subset of RFC 5321's syntax). */
public final class EmailAddresses {

    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    private EmailAddresses() {
    }

    /** @return whether {@code address} looks deliverable: local part of 1–64 characters, a dotted domain, at most 254 characters */
    public static boolean isValid(String address) {
        return address != null && address.length() <= 254 && ADDRESS.matcher(address).matches();
    }
}
