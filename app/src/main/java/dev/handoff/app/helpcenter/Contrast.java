package dev.handoff.app.helpcenter;

/**
 * Colour contrast after WCAG 2.2 (§1.4.3, "relative luminance" and "contrast ratio" definitions), for
 * deriving readable text colours from a merchant's accent colour.
 */
final class Contrast {

    private Contrast() {
    }

    /** @return the contrast ratio of two {@code 0xRRGGBB} colours, 1..21 */
    static double ratio(int a, int b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** @return {@code rgb} darkened towards black until it reaches 4.5:1 against white (links and buttons) */
    static int readableOnWhite(int rgb) {
        int c = rgb;
        for (int step = 0; step < 20 && ratio(c, 0xffffff) < 4.5; step++) {
            int r = (int) (((c >> 16) & 0xff) * 0.9);
            int g = (int) (((c >> 8) & 0xff) * 0.9);
            int b = (int) ((c & 0xff) * 0.9);
            c = (r << 16) | (g << 8) | b;
        }
        return c;
    }

    private static double luminance(int rgb) {
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
