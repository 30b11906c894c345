package io.textlstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.data.load.DatasetLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderReaderTest {

    @TempDir Path dir;

    private void write(String rel, String text) throws Exception {
        DataFiles.write(dir, rel, text);
    }

    @Test
    void classFoldersWithAStratifiedSplit() throws Exception {
        for (String label : List.of("games", "science", "sound")) {
            for (int i = 0; i < 10; i++) {
                write("ds/" + label + "/" + i + ".txt", label + " text number " + i);
            }
        }
        write("ds/games/notes.md", "not a .txt file");
        write("ds/.hidden/0.txt", "ignored");
        RawDataset d = DatasetLoader.load(DataSettings.builder().data(dir.resolve("ds")).testFraction(0.2).build());
        assertEquals(24, d.train().size());
        assertEquals(6, d.test().size());
        assertEquals(2, d.test().stream().filter(t -> t.label().equals("sound")).count());
        assertEquals(List.of("games", "science", "sound"), LabelSet.fromRecords(d.train(), "x").labels());
    }

    @Test
    void classFoldersWithASeparateTestFolder() throws Exception {
        write("tr/a/1.txt", "alpha");
        write("tr/b/1.txt", "beta");
        write("te/a/1.txt", "alpha two");
        write("te/c/1.txt", "gamma");
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("tr")).testData(dir.resolve("te")).build()));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("te"), e.getMessage());
    }

    @Test
    void emptyFolders() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("empty")).build()));
        assertTrue(e.getMessage().contains("no class subfolders"), e.getMessage());
        write("some/a/1.txt", "x");
        Files.createDirectories(dir.resolve("some/b"));
        e = assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("some")).build()));
        assertTrue(e.getMessage().contains("b: no .txt files"), e.getMessage());
    }

    @Test
    void nonUtf8FileIsNamed() throws Exception {
        write("ds/a/1.txt", "fine");
        write("ds/a/2.txt", "fine too");
        write("ds/b/1.txt", "ok");
        Path bad = dir.resolve("ds/b/2.txt");
        Files.write(bad, "line one\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("ds")).build()));
        assertTrue(e.getMessage().contains("2.txt:2") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    /** Issue 19: a dangling .txt link was left out in silence; docs/data.md promises an error naming it. */
    @Test
    void aDanglingTxtLinkIsRefusedNamingIt() throws Exception {
        for (String label : List.of("neg", "pos")) {
            for (int i = 0; i < 5; i++) {
                write("ds/" + label + "/" + i + ".txt", label + " text " + i);
            }
        }
        Path link = Files.createSymbolicLink(dir.resolve("ds/pos/9.txt"), dir.resolve("gone/9.txt"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("ds")).build()));
        assertEquals(link + ": a symbolic link to " + dir.resolve("gone/9.txt") + ", which does not exist; expected a "
                + ".txt file (fix or remove the link)", e.getMessage());
        Files.delete(link);
        Files.createSymbolicLink(link, dir.resolve("ds/neg/0.txt"));
        assertEquals(11, count(dir.resolve("ds")), "a link to a file is read like the file");
    }

    /**
     * Issue 19: a link to a class folder became one more class with the same texts. A linked class folder is a class
     * (a data set assembled from folders elsewhere); two class folders that are one folder are refused, naming both.
     */
    @Test
    void aClassFolderLinkedToAnotherIsRefusedAndOneLinkedFromElsewhereIsAClass() throws Exception {
        for (String label : List.of("neg", "pos")) {
            for (int i = 0; i < 5; i++) {
                write("elsewhere/" + label + "/" + i + ".txt", label + " text " + i);
            }
        }
        Files.createDirectories(dir.resolve("ds"));
        Files.createSymbolicLink(dir.resolve("ds/neg"), dir.resolve("elsewhere/neg"));
        Files.createSymbolicLink(dir.resolve("ds/pos"), dir.resolve("elsewhere/pos"));
        RawDataset d = DatasetLoader.load(DataSettings.builder().data(dir.resolve("ds")).build());
        assertEquals(List.of("neg", "pos"), LabelSet.fromRecords(d.train(), "x").labels());
        assertEquals(10, d.train().size() + d.test().size());

        Path alias = Files.createSymbolicLink(dir.resolve("ds/positive"), dir.resolve("ds/pos"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("ds")).build()));
        assertTrue(e.getMessage().startsWith(dir.resolve("ds/pos") + " and " + alias + " are the same folder ("
                + dir.resolve("elsewhere/pos").toRealPath() + ")"), e.getMessage());

        Files.delete(alias);
        Path dangling = Files.createSymbolicLink(dir.resolve("ds/neutral"), dir.resolve("elsewhere/neutral"));
        e = assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(dir.resolve("ds")).build()));
        assertTrue(e.getMessage().startsWith(dangling + ": a symbolic link to "), e.getMessage());
    }

    private static int count(Path ds) {
        RawDataset d = DatasetLoader.load(DataSettings.builder().data(ds).build());
        return d.train().size() + d.test().size();
    }
}
