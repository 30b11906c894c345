package io.textlstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.textlstm.BadSettingException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataSettingsTest {

    @Test
    void defaultsAreTheTutorials() {
        DataSettings d = DataSettings.defaults();
        assertEquals(5000, d.numWords());
        assertEquals(500, d.maxLength());
        assertEquals(7, d.seed());
        assertEquals(DataFormat.AUTO, d.format());
        assertEquals(null, d.data());
    }

    /** Each range is checked when the settings are built, naming the setting for a front end to spell. */
    @Test
    void aValueOutOfRangeNamesItsSetting() {
        assertEquals("testFraction", assertThrows(BadSettingException.class,
                () -> DataSettings.builder().testFraction(1).build()).setting());
        assertEquals("validationSplit", assertThrows(BadSettingException.class,
                () -> DataSettings.builder().validationSplit(-0.1).build()).setting());
        assertEquals("numWords", assertThrows(BadSettingException.class,
                () -> DataSettings.builder().numWords(3).build()).setting());
        assertEquals("maxLength", assertThrows(BadSettingException.class,
                () -> DataSettings.builder().maxLength(0).build()).setting());
        assertEquals("textColumn", assertThrows(BadSettingException.class,
                () -> DataSettings.builder().textColumn("").build()).setting());
        assertEquals("labelColumn", assertThrows(BadSettingException.class,
                () -> DataSettings.builder().labelColumn(null).build()).setting());
        assertEquals(4, DataSettings.requireNumWords(4));
        assertEquals(1, DataSettings.requireMaxLength(1));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        DataSettings d = DataSettings.builder().data(Path.of("a.csv")).format(DataFormat.CSV).testData(Path.of("b.csv"))
                .textColumn("t").labelColumn("l").testFraction(0.3).validationSplit(0.1).numWords(10).maxLength(20)
                .seed(3).build();
        assertEquals(d, d.toBuilder().build());
        assertEquals(11, d.toBuilder().numWords(11).build().numWords());
    }
}
