package dev.handoff.app.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReciprocalRankFusionTest {

    @Test
    void fusesByReciprocalRanksWithK60() {
        List<ReciprocalRankFusion.Fused<String>> f = ReciprocalRankFusion.fuse(List.of("a", "b", "c"), List.of("b", "d"));
        assertEquals("b", f.get(0).id(), "second and first beats first alone");
        assertEquals(1.0 / 62 + 1.0 / 61, f.get(0).score(), 1e-12);
        assertEquals("a", f.get(1).id());
        assertEquals(4, f.size());
    }
}
