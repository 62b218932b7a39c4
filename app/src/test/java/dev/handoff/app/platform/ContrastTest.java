package dev.handoff.app.platform;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one rule for colours drawn on and with a store's accent (help center and widget): WCAG 2 contrast. */
class ContrastTest {

    private static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    @Test
    void ratiosFollowTheWcagDefinitions() {
        assertEquals(21.0, Contrast.ratio(0x000000, 0xffffff), 1e-9);
        assertEquals(1.0, Contrast.ratio(0x2563eb, 0x2563eb), 1e-9);
        // reference values from the WCAG 2 formula (as WebAIM's contrast checker shows them)
        assertEquals(4.48, Contrast.ratio(0x777777, 0xffffff), 0.01);
        assertEquals(5.17, Contrast.ratio(0x2563eb, 0xffffff), 0.01);
        assertEquals(1.30, Contrast.ratio(0xffe14d, 0xffffff), 0.01);
    }

    @Test
    void aLightAccentGetsBlackTextAndADarkerShadeAsTextOnWhite() {
        Contrast.Palette p = Contrast.palette("#FFE14D");
        assertEquals("#ffe14d", p.accent());
        assertEquals("#000000", p.onAccent());
        assertTrue(Contrast.ratio(rgb(p.onAccent()), rgb(p.accent())) >= 4.5);
        assertTrue(Contrast.ratio(rgb(p.accentText()), 0xffffff) >= 4.5, p.accentText());
    }

    @Test
    void aDarkAccentGetsWhiteTextAndStaysAsItIsOnWhite() {
        Contrast.Palette p = Contrast.palette("#2563eb");
        assertEquals("#ffffff", p.onAccent());
        assertEquals("#2563eb", p.accentText());
        assertEquals("#ffffff", Contrast.palette("#1f2937").onAccent());
        // orange: white gives 2.9:1, black 7.2:1 
        assertEquals("#000000", Contrast.palette("#ff6600").onAccent());
    }

    @Test
    void everyAccentGetsTheHigherOfBlackAndWhiteAndAtLeastFourAndAHalf() {
        for (int r = 0; r <= 255; r += 15) {
            for (int g = 0; g <= 255; g += 15) {
                for (int b = 0; b <= 255; b += 15) {
                    int c = (r << 16) | (g << 8) | b;
                    int on = Contrast.onColor(c);
                    double chosen = Contrast.ratio(on, c);
                    assertEquals(Math.max(Contrast.ratio(0x000000, c), Contrast.ratio(0xffffff, c)), chosen, 1e-12, Contrast.hex(c));
                    assertTrue(chosen >= Contrast.TEXT, Contrast.hex(c) + " " + chosen);
                    assertTrue(Contrast.ratio(Contrast.readableOnWhite(c), 0xffffff) >= Contrast.TEXT, Contrast.hex(c));
                }
            }
        }
    }
}
