package io.textlstm.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.textlstm.data.CsvReader;
import io.textlstm.data.LabeledText;
import io.textlstm.data.SkipReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs tools/debian-sections against a fake apt (apt-cache, apt-config and a Translation-en index). */
@Tag("slow") // starts tools/debian-sections
class DebianSectionsScriptTest {

    @TempDir Path dir;

    private static String stanza(String pkg, String section, String shortDesc, String md5) {
        return "Package: " + pkg + "\nVersion: 1.0\nDescription: " + shortDesc + "\n"
                + (md5 == null ? "" : "Description-md5: " + md5 + "\n") + "Section: " + section + "\nPriority: optional\n\n";
    }

    private void executable(Path p, String body) throws Exception {
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void writesQuotedRowsOfTheTenLargestFunctionalSections() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isExecutable(Path.of("/usr/bin/awk")));
        StringBuilder avail = new StringBuilder();
        String[] functional = {"net", "science", "admin", "games", "text", "sound", "graphics", "web", "math", "mail",
            "database"};
        for (int s = 0; s < functional.length; s++) {
            for (int i = 0; i <= functional.length - s; i++) { // net 12 ... database 1 package
                avail.append(stanza(functional[s] + "-pkg" + i, functional[s], "tool " + i + " for " + functional[s], null));
            }
        }
        avail.append(stanza("libfoo1", "libs", "a library", null));
        for (int i = 0; i < 30; i++) {
            avail.append(stanza("python3-mod" + i, "python", "a module", null));
        }
        avail.append(stanza("nethack", "contrib/games", "dungeon \"crawl\", classic", "m1"));
        avail.append(stanza("nethack", "games", "duplicate version, ignored", "m1"));
        avail.append(stanza("universe-game", "universe/games", "an Ubuntu game", null));
        Path availFile = dir.resolve("avail.txt");
        Files.writeString(availFile, avail.toString());
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("x_main_i18n_Translation-en"), "Package: nethack\nDescription-md5: m1\n"
                + "Description-en: dungeon \"crawl\", classic\n Explore the dungeon.\n .\n Find the amulet.\n\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("apt-cache"), "cat '" + availFile + "'\n");
        executable(bin.resolve("apt-config"), "echo \"d='" + lists + "/'\"\n");
        executable(bin.resolve("apt-get"), "echo 'apt-get must not run' >&2; exit 1\n");
        Path out = dir.resolve("datasets/out.csv"); // a folder that does not exist yet, as the README's datasets/
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("tools/debian-sections").toAbsolutePath().toString(),
                out.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);

        List<String> lines = Files.readAllLines(out);
        assertEquals("description,section", lines.get(0));
        assertTrue(lines.contains("\"dungeon \"\"crawl\"\", classic Explore the dungeon. Find the amulet.\",\"games\""),
                String.join("\n", lines));
        List<LabeledText> rows = CsvReader.read(out, "description", "section", new SkipReport());
        Map<String, Long> perSection =
                rows.stream().collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
        // games: 9 + nethack + universe-game; database (1 package) is the 11th section and dropped; libs/python never
        assertEquals(Map.of("net", 12L, "science", 11L, "admin", 10L, "games", 11L, "text", 8L, "sound", 7L,
                "graphics", 6L, "web", 5L, "math", 4L, "mail", 3L), perSection);
        assertTrue(log.contains("10 sections"), log);
    }
}
