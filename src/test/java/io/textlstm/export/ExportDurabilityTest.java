package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;

/** Issue 10: deterministic saved_model.pb and the removal of staging folders of killed exports (only dead ones). */
class ExportDurabilityTest {
    @TempDir Path tmp;

    @Test
    void twoExportsOfTheSameModelHaveTheSameGraphAndWeightBytes() throws Exception {
        Path a = ExportFixtures.exportBinary(tmp.resolve("a")).directory();
        Path b = ExportFixtures.exportBinary(tmp.resolve("b")).directory();
        for (String f : List.of("saved_model.pb", "variables/variables.index", "variables/variables.data-00000-of-00001",
                "assets/vocab.txt", "assets/labels.txt")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    /**
     * TF writes map entries (a node's attributes) in hash-map order, which changes from process to process; the
     * file must hold them sorted, which is what deterministic serialization of the parsed file reproduces.
     */
    @Test
    void savedModelPbIsSerializedWithSortedMapEntries() throws Exception {
        byte[] written = Files.readAllBytes(ExportFixtures.exportBinary(tmp.resolve("m")).directory().resolve("saved_model.pb"));
        SavedModel parsed = SavedModel.parseFrom(written);
        ByteArrayOutputStream sorted = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(sorted);
        out.useDeterministicSerialization();
        parsed.writeTo(out);
        out.flush();
        assertArrayEquals(sorted.toByteArray(), written);
    }

    @Test
    void anExportRemovesStagingFoldersOfDeadProcessesOnly() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("m"));
        String host = VersionPublisher.localHost();
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path dead = staging(base, 3, finished.pid(), host);
        Path live = staging(base, 4, ProcessHandle.current().pid(), host);
        // a live process id, but the folder is older than the process: the number was reused, its maker is gone
        Path reused = staging(base, 5, ProcessHandle.current().pid(), host);
        Files.setLastModifiedTime(reused, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
        Path otherHost = staging(base, 6, finished.pid(), "another-host.example");
        Path oldStyle = Files.createDirectories(base.resolve(".tmp-7-" + UUID.randomUUID()));

        ExportResult r = ExportFixtures.exportBinary(base);

        assertFalse(Files.exists(dead), "dead process");
        assertFalse(Files.exists(reused), "process id reused by a younger process");
        assertTrue(Files.isRegularFile(live.resolve("saved_model.pb")), "a running export is never touched");
        assertTrue(Files.exists(otherHost), "another host's process cannot be checked from here");
        assertTrue(Files.exists(oldStyle), "no process id: cannot be proven dead");
        assertEquals(1, r.version());
    }

    private static Path staging(Path base, long version, long pid, String host) throws Exception {
        Path p = Files.createDirectories(base.resolve(VersionPublisher.stagingName(version, pid, host, UUID.randomUUID())));
        Files.writeString(p.resolve("saved_model.pb"), "half written");
        return p;
    }
}
