package io.textlstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    private static List<LabeledText> records(Map<String, Integer> perClass) {
        List<LabeledText> out = new ArrayList<>();
        perClass.forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                out.add(new LabeledText(label + " text " + i, label));
            }
        });
        return out;
    }

    private static Map<String, Long> counts(List<LabeledText> l) {
        return l.stream().collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
    }

    @Test
    void proportionsPerClass() {
        List<LabeledText> all = records(Map.of("a", 1000, "b", 100, "c", 10));
        StratifiedSplit.Parts p = StratifiedSplit.split(all, 0.2, 7, "--test-fraction", "x.csv");
        assertEquals(Map.of("a", 200L, "b", 20L, "c", 2L), counts(p.heldOut()));
        assertEquals(Map.of("a", 800L, "b", 80L, "c", 8L), counts(p.kept()));
        HashSet<LabeledText> union = new HashSet<>(p.kept());
        union.addAll(p.heldOut());
        assertEquals(new HashSet<>(all), union);
    }

    @Test
    void seededAndDeterministic() {
        List<LabeledText> all = records(Map.of("a", 50, "b", 50));
        var p1 = StratifiedSplit.split(all, 0.3, 7, "--test-fraction", "x");
        var p2 = StratifiedSplit.split(all, 0.3, 7, "--test-fraction", "x");
        var p3 = StratifiedSplit.split(all, 0.3, 8, "--test-fraction", "x");
        assertEquals(p1, p2);
        assertNotEquals(p1.heldOut(), p3.heldOut());
    }

    @Test
    void tinyClassesGetOneOnEachSide() {
        var p = StratifiedSplit.split(records(Map.of("a", 100, "b", 2)), 0.1, 7, "testFraction", "x");
        assertEquals(1L, counts(p.heldOut()).get("b"));
        assertEquals(1L, counts(p.kept()).get("b"));
    }

    @Test
    void classTooSmallIsNamed() {
        BadSettingException e = assertThrows(BadSettingException.class, () -> StratifiedSplit.split(
                records(Map.of("a", 100, "rare", 1)), 0.2, 7, "validationSplit", "x.csv"));
        assertTrue(e.getMessage().contains("'rare'") && e.getMessage().contains("x.csv"), e.getMessage());
        assertEquals("validationSplit", e.setting());
    }
}
