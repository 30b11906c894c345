package io.textlstm.data;

import io.textlstm.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Folder sources (docs/data.md): a folder of class subfolders ({@code DIR/<label>/*.txt}, like Keras'
 * {@code text_dataset_from_directory}); Stanford's {@code aclImdb/} reads its class folders with
 * {@link #readClass}. Files are strict UTF-8, read in parallel, in a fixed order (by name, Stanford's numeric
 * {@code <id>_<rating>.txt} by id).
 */
public final class FolderReader {

    private FolderReader() {}

    /**
     * Reads every {@code DIR/<label>/*.txt}; hidden folders are ignored; the labels are the folder names. A class folder
     * may be a symbolic link (a data set assembled from folders elsewhere), but two class folders that are one folder
     * would make two classes of the same texts, and a link whose target is missing may have been a class: both are
     * refused.
     */
    public static List<LabeledText> readClassFolders(Path dir, SkipReport skips) {
        requireDir(dir, "a folder of class subfolders (DIR/<label>/*.txt)");
        requireNoDanglingLinks(list(dir, p -> true), "a class folder");
        List<Path> classes = list(dir, Files::isDirectory);
        if (classes.isEmpty()) {
            throw new BadInputException(dir + ": no class subfolders; expected DIR/<label>/*.txt, one folder per class");
        }
        Map<Path, Path> byRealPath = new HashMap<>();
        for (Path c : classes) {
            Path same = byRealPath.putIfAbsent(realPath(c), c);
            if (same != null) {
                throw new BadInputException(same + " and " + c + " are the same folder (" + realPath(c) + "), so "
                        + "their texts would be two classes; expected one folder per class (remove the link)");
            }
        }
        List<LabeledText> out = new ArrayList<>();
        for (Path c : classes) {
            out.addAll(readClass(c, c.getFileName().toString(), skips));
        }
        return out;
    }

    /**
     * Reads every {@code *.txt} of one class folder as a record labelled {@code label}; files with empty text are
     * counted in {@code skips} as {@code <folder>/<file>}.
     */
    public static List<LabeledText> readClass(Path folder, String label, SkipReport skips) {
        requireNoDanglingLinks(list(folder, p -> p.getFileName().toString().endsWith(".txt")), "a .txt file");
        List<Path> files = list(folder, p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".txt"));
        if (files.isEmpty()) {
            throw new BadInputException(folder + ": no .txt files; expected one text per .txt file in each class folder");
        }
        List<String> texts = files.parallelStream().map(TextFiles::readUtf8).toList();
        List<LabeledText> out = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            String text = texts.get(i);
            if (text.isBlank()) {
                skips.skip("empty text", folder.getFileName() + "/" + files.get(i).getFileName());
            } else {
                out.add(new LabeledText(text, label));
            }
        }
        return out;
    }

    /** A symbolic link among {@code entries} whose target is missing is bad input, never silently left out. */
    private static void requireNoDanglingLinks(List<Path> entries, String what) {
        for (Path p : entries) {
            if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    target = "?";
                }
                throw new BadInputException(p + ": a symbolic link to " + target + ", which does not exist; expected "
                        + what + " (fix or remove the link)");
            }
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(p + ": cannot resolve the folder (" + io.textlstm.DurableFiles.cause(e) + ")", e);
        }
    }

    static void requireDir(Path dir, String what) {
        if (!Files.exists(dir)) {
            throw new BadInputException(dir + ": no such folder; expected " + what);
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": not a folder; expected " + what);
        }
        if (!Files.isReadable(dir)) {
            throw new BadInputException(dir + ": not readable (permissions); expected " + what);
        }
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(keep)
                    .sorted(TextFiles.NATURAL)
                    .toList();
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list the folder (" + io.textlstm.DurableFiles.cause(e) + ")", e);
        }
    }
}
