package dev.handoff.app.platform;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Colour contrast after WCAG 2.2 (§1.4.3 and §1.4.11; the "relative luminance" and "contrast ratio" definitions,
 * https://www.w3.org/TR/WCAG22/#dfn-relative-luminance), for deriving readable colours from a merchant's accent
 * colour. The one rule for everything that draws on or in the accent: the help center and the storefront widget.
 */
public final class Contrast {

    /** Contrast WCAG 2 AA asks of normal-size text, against its background. */
    public static final double TEXT = 4.5;

    private Contrast() {
    }

    /**
     * The colours drawn from one accent colour.
     *
     * @param accent      the accent colour itself, {@code #rrggbb} (backgrounds: header, buttons, the shopper's bubbles)
     * @param onAccent    text and icons drawn on the accent: {@code #000000} or {@code #ffffff}, whichever contrasts more
     * @param accentText  the accent as text or outline on white (links, outline buttons): the accent itself when it has
     *                    at least {@link #TEXT} against white, otherwise the accent darkened until it has
     */
    @Serdeable
    public record Palette(String accent, String onAccent, String accentText) {
    }

    /**
     * @param accent {@code #rrggbb} (any case)
     * @return the readable colours for that accent, all {@code #rrggbb} in lower case
     * @throws NumberFormatException when {@code accent} is not {@code #rrggbb}
     */
    public static Palette palette(String accent) {
        if (accent.length() != 7 || accent.charAt(0) != '#') {
            throw new NumberFormatException("not a #rrggbb colour: " + accent);
        }
        int rgb = Integer.parseInt(accent.substring(1), 16);
        return new Palette(hex(rgb), hex(onColor(rgb)), hex(readableOnWhite(rgb)));
    }

    /** @return the contrast ratio of two {@code 0xRRGGBB} colours, 1..21 */
    public static double ratio(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /**
     * @return {@code 0x000000} or {@code 0xffffff}, whichever has the higher contrast against {@code rgb} (white on a
     *         tie); the higher of the two is always at least √21 ≈ 4.58, so text on any accent meets {@link #TEXT}
     */
    public static int onColor(int rgb) {
        return ratio(rgb, 0x000000) > ratio(rgb, 0xffffff) ? 0x000000 : 0xffffff;
    }

    /** @return {@code rgb} darkened towards black (each channel × 0.9 a step) until it reaches {@link #TEXT} against white */
    public static int readableOnWhite(int rgb) {
        int c = rgb;
        for (int step = 0; step < 40 && ratio(c, 0xffffff) < TEXT; step++) {
            int r = (int) (((c >> 16) & 0xff) * 0.9);
            int g = (int) (((c >> 8) & 0xff) * 0.9);
            int b = (int) ((c & 0xff) * 0.9);
            c = (r << 16) | (g << 8) | b;
        }
        return c;
    }

    /** @return {@code 0xRRGGBB} as {@code #rrggbb} */
    public static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }

    /** @return the relative luminance of {@code 0xRRGGBB} (sRGB), 0..1 */
    static double luminance(int rgb) {
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int v) {
        double s = v / 255.0;
        // WCAG 2.2 gives 0.03928 (from an older sRGB draft); IEC 61966-2-1 gives 0.04045: no 8-bit value lies between them
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
