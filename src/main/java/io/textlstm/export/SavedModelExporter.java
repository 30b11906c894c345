package io.textlstm.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.DurableFiles;
import io.textlstm.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Writes a trained {@link InferenceNetwork} as a TF Serving-ready SavedModel (docs/savedmodel.md).
 *
 * <p>The graph: {@code text} (string [-1]) → {@link InGraphTokenizer} → {@code ids} (int32 [-1, maxLength], a
 * {@code PlaceholderWithDefault}, so the same network serves both signatures and feeding {@code ids} skips the
 * tokenizer) → network → {@code probabilities}, {@code class_ids}, {@code labels}. Signatures
 * {@code serving_default} and {@code predict_ids}, method name {@code tensorflow/serving/predict}, tag {@code serve}.
 * The graph holds no tables or other state beyond the network's variables, so it needs no init op.
 *
 * <p>Atomicity: everything is written into {@code <base>/.tmp-<version>-<pid>@<host>-<uuid>} (not numeric, so TF
 * Serving ignores it), reloaded with the C++ SavedModel loader and checked against the export session's own
 * outputs, synced to disk (every file and folder), and only then renamed to {@code <base>/<version>} with an atomic
 * move, after which the base folder is synced too, so a power cut never leaves a numbered folder with empty files.
 * The rename fails rather than replace a non-empty folder, so two exports racing for the same version never
 * overwrite each other: without an explicit version the loser takes the next free number; with one it fails.
 *
 * <p>A killed export leaves its temporary folder behind. Each export removes the ones it can prove dead: made on
 * this host by a process that no longer runs, or whose process id now belongs to a process started after the
 * folder was made. Never a live one; folders of other hosts or without a process id in their name are left alone.
 *
 * <p>{@code saved_model.pb} is serialized deterministically (map entries such as node attributes sorted), so two
 * exports of the same weights give the same bytes.
 */
public final class SavedModelExporter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Exports {@code request}; returns where the model went and the self-check's reference outputs. */
    public ExportResult export(ExportRequest request) throws IOException {
        validate(request);
        Path base = request.basePath().toAbsolutePath().normalize();
        Files.createDirectories(base);
        long version;
        if (request.version().isPresent()) {
            version = request.version().getAsLong();
            if (Files.exists(base.resolve(Long.toString(version)))) {
                throw new BadSettingException("version", "version " + version + " already exists in " + base
                        + "; pick another version or none to take the next free one");
            }
        } else {
            version = nextVersion(base);
        }
        removeDeadStagingFolders(base);
        InGraphTokenizer tokenizer = InGraphTokenizer.create(request.vocabulary(), request.maxLength());
        Path tmp = base.resolve(stagingName(version, ProcessHandle.current().pid(), localHost(), UUID.randomUUID()));
        try {
            float[][] reference = writeSavedModel(tmp, request, tokenizer);
            writeAssets(tmp, request, base.getFileName().toString());
            verifyReload(tmp, request.warmupTexts(), reference);
            DurableFiles.syncTree(tmp);
            long finalVersion = moveIntoPlace(tmp, base, version, request.version().isPresent());
            DurableFiles.syncDirectory(base);
            return new ExportResult(base.resolve(Long.toString(finalVersion)), finalVersion, request.warmupTexts(),
                    reference);
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static final Pattern STAGING = Pattern.compile("\\.tmp-\\d+-(\\d+)@(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** {@code .tmp-<version>-<pid>@<host>-<uuid>}: the folder an export is staged in. */
    static String stagingName(long version, long pid, String host, UUID uuid) {
        return ".tmp-" + version + "-" + pid + "@" + host + "-" + uuid;
    }

    static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * Removes staging folders of killed exports (see the class comment for the proof that their process is dead);
     * returns the names removed.
     */
    static List<String> removeDeadStagingFolders(Path base) throws IOException {
        List<String> removed = new ArrayList<>();
        String host = localHost();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(base, ".tmp-*")) {
            for (Path p : dir) {
                Matcher m = STAGING.matcher(p.getFileName().toString());
                if (!m.matches() || !m.group(2).equals(host) || !Files.isDirectory(p)) {
                    continue;
                }
                if (makerIsDead(Long.parseLong(m.group(1)), Files.getLastModifiedTime(p).toInstant())) {
                    try {
                        deleteRecursively(p);
                        removed.add(p.getFileName().toString());
                    } catch (UncheckedIOException e) {
                        // another export is removing it too, or it is not ours to remove: leave it
                    }
                }
            }
        }
        return removed;
    }

    /**
     * True when process {@code pid} no longer runs, or runs but started after {@code folderTime}: then it is
     * another process that got the number again. (A folder's modification time is never earlier than its
     * creation, so "the process started after it" is proven, not guessed.)
     */
    static boolean makerIsDead(long pid, Instant folderTime) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(folderTime);
    }

    /** Highest numeric version folder under {@code base} + 1, or 1 if there is none. */
    public static long nextVersion(Path base) throws IOException {
        long max = 0;
        if (Files.isDirectory(base)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(base)) {
                for (Path p : dir) {
                    String name = p.getFileName().toString();
                    if (ExportLayout.isVersionName(name) && Files.isDirectory(p)) {
                        max = Math.max(max, Long.parseLong(name));
                    }
                }
            }
        }
        return max + 1;
    }

    /**
     * Renames {@code tmp} to {@code base/<version>} atomically; on a lost race takes the next free version unless
     * {@code explicit}. Returns the version used.
     */
    static long moveIntoPlace(Path tmp, Path base, long version, boolean explicit) throws IOException {
        long v = version;
        for (int attempt = 0; attempt < 1000; attempt++) {
            Path target = base.resolve(Long.toString(v));
            if (!Files.exists(target)) {
                try {
                    // rename(2): atomic, and it refuses to replace a non-empty directory
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    return v;
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot move " + tmp + " to " + target + " atomically", e);
                } catch (FileSystemException e) {
                    if (!Files.exists(target)) {
                        throw e;
                    }
                    // another export took this version between our check and our rename
                }
            }
            if (explicit) {
                throw new BadSettingException("version", "version " + v + " already exists in " + base
                        + "; pick another version or none to take the next free one");
            }
            v = Math.max(nextVersion(base), v + 1);
        }
        throw new IOException("could not find a free version under " + base);
    }

    private static void validate(ExportRequest r) {
        if (r.labels().size() < 2) {
            throw new BadInputException("a classifier needs at least 2 labels, got " + r.labels());
        }
        for (int i = 0; i < r.labels().size(); i++) {
            String l = r.labels().get(i);
            if (l.isEmpty() || l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new BadInputException("label " + i + " must be non-empty and on one line: '" + l + "'");
            }
        }
        for (int i = 0; i < r.vocabulary().size(); i++) {
            String w = r.vocabulary().get(i);
            if (w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0) {
                throw new BadInputException("vocabulary id " + i + " contains a line break; vocab.txt needs one token per line");
            }
        }
    }

    private float[][] writeSavedModel(Path dir, ExportRequest request, InGraphTokenizer tokenizer) throws IOException {
        int numLabels = request.labels().size();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TString> text = tf.withName(ExportLayout.INPUT_TEXT)
                    .placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            Operand<TInt32> tokenIds = tokenizer.ids(tf, text);
            Operand<TInt32> ids = tf.withName(ExportLayout.INPUT_IDS)
                    .placeholderWithDefault(tokenIds, Shape.of(-1, request.maxLength()));
            int varHandlesBefore = countOps(g, "VarHandleOp");
            Operand<TFloat32> raw = request.network().probabilities(tf.withSubScope("network"), ids);
            if (countOps(g, "VarHandleOp") > varHandlesBefore) {
                throw new IllegalArgumentException("the network uses resource variables (VarHandleOp), which TF Java 1.1's "
                        + "saver does not save; create them with tf.variable(...)");
            }
            Shape rawShape = raw.shape();
            if (rawShape.isUnknown() || rawShape.numDimensions() != 2 || rawShape.get(1) < 1) {
                throw new IllegalArgumentException("the network must return probabilities of static shape [-1, K], got "
                        + rawShape);
            }
            int k = (int) rawShape.get(1);
            if (!(k == numLabels || (k == 1 && numLabels == 2))) {
                throw new IllegalArgumentException("the network has " + k + " output column(s) but there are "
                        + numLabels + " labels (binary models have 1 column, K-class models K)");
            }
            Operand<TFloat32> probabilities = tf.withName(ExportLayout.OUTPUT_PROBABILITIES)
                    .reshape(raw, tf.constant(new int[] {-1, k}));
            Operand<TInt64> classIds;
            if (k == 1) {
                Operand<TFloat32> p = tf.reshape(probabilities, tf.constant(new int[] {-1}));
                classIds = tf.withName(ExportLayout.OUTPUT_CLASS_IDS).dtypes.cast(
                        tf.math.greaterEqual(p, tf.constant(ExportLayout.BINARY_THRESHOLD)), TInt64.class);
            } else {
                classIds = tf.withName(ExportLayout.OUTPUT_CLASS_IDS).math.argMax(probabilities, tf.constant(1), TInt64.class);
            }
            Operand<TString> labels = tf.withName(ExportLayout.OUTPUT_LABELS).gather(
                    tf.constant(NdArrays.vectorOfObjects(request.labels().toArray(new String[0]))), classIds,
                    tf.constant(0));

            try (Session session = new Session(g)) {
                request.network().restoreWeights(session);
                Signature servingDefault = Signature.builder()
                        .key(ExportLayout.SERVING_DEFAULT)
                        .methodName(ExportLayout.METHOD_NAME)
                        .input(ExportLayout.INPUT_TEXT, text)
                        .output(ExportLayout.OUTPUT_PROBABILITIES, probabilities)
                        .output(ExportLayout.OUTPUT_CLASS_IDS, classIds)
                        .output(ExportLayout.OUTPUT_LABELS, labels)
                        .build();
                Signature predictIds = Signature.builder()
                        .key(ExportLayout.PREDICT_IDS)
                        .methodName(ExportLayout.METHOD_NAME)
                        .input(ExportLayout.INPUT_IDS, ids)
                        .output(ExportLayout.OUTPUT_PROBABILITIES, probabilities)
                        .build();
                float[][] reference;
                try (TString in = TString.vectorOf(request.warmupTexts().toArray(new String[0]));
                        var result = session.runner().feed(text, in).fetch(probabilities).run()) {
                    reference = toMatrix((TFloat32) result.get(0));
                }
                Files.createDirectories(dir);
                SavedModelBundle.exporter(dir.toString())
                        .withTags(ExportLayout.TAG)
                        .withSession(session)
                        .withSignatures(servingDefault, predictIds)
                        .export();
                finishMetaGraph(dir.resolve(ExportLayout.SAVED_MODEL_PB));
                return reference;
            }
        }
    }

    /**
     * Post-processes the written MetaGraphDef like Python's {@code tf.saved_model.save}: removes attributes that
     * hold their op's default value (newer TF versions add attributes such as MatMul's {@code grad_a} or ScatterNd's
     * {@code bad_indices_policy}; an older model server rejects a NodeDef that mentions an attribute it does not
     * know, while every loader fills in defaults itself), and records the TensorFlow version in the MetaInfoDef.
     */
    static void finishMetaGraph(Path savedModelPb) throws IOException {
        org.tensorflow.proto.SavedModel sm = org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(savedModelPb));
        Map<String, org.tensorflow.proto.OpDef> opDefs = new java.util.HashMap<>();
        for (org.tensorflow.proto.OpDef op : org.tensorflow.TensorFlow.registeredOpList().getOpList()) {
            opDefs.put(op.getName(), op);
        }
        org.tensorflow.proto.SavedModel.Builder b = sm.toBuilder();
        for (org.tensorflow.proto.MetaGraphDef.Builder mg : b.getMetaGraphsBuilderList()) {
            mg.getMetaInfoDefBuilder().setTensorflowVersion(org.tensorflow.TensorFlow.version());
            for (org.tensorflow.proto.NodeDef.Builder node : mg.getGraphDefBuilder().getNodeBuilderList()) {
                org.tensorflow.proto.OpDef op = opDefs.get(node.getOp());
                if (op == null) {
                    continue;
                }
                for (org.tensorflow.proto.OpDef.AttrDef attr : op.getAttrList()) {
                    if (attr.hasDefaultValue() && node.getAttrMap().containsKey(attr.getName())
                            && node.getAttrMap().get(attr.getName()).equals(attr.getDefaultValue())) {
                        node.removeAttr(attr.getName());
                    }
                }
            }
        }
        // Deterministic serialization sorts map entries (node attributes, signatures), whose order TF leaves to a
        // hash map: the same model then always gives the same bytes.
        org.tensorflow.proto.SavedModel finished = b.build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(finished.getSerializedSize());
        com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        finished.writeTo(out);
        out.flush();
        Files.write(savedModelPb, bytes.toByteArray());
    }

    private static int countOps(Graph g, String type) {
        int n = 0;
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
            if (it.next().type().equals(type)) {
                n++;
            }
        }
        return n;
    }

    private static void writeAssets(Path dir, ExportRequest request, String modelName) throws IOException {
        Path assets = Files.createDirectories(dir.resolve(ExportLayout.ASSETS_DIR));
        Path extra = Files.createDirectories(dir.resolve(ExportLayout.ASSETS_EXTRA_DIR));
        byte[] vocab = lines(request.vocabulary());
        Files.write(assets.resolve(ExportLayout.VOCAB_FILE), vocab);
        Files.write(assets.resolve(ExportLayout.LABELS_FILE), lines(request.labels()));

        Map<String, Object> info = new LinkedHashMap<>(request.modelInfo());
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("format", ExportLayout.FORMAT);
        export.put("format_version", ExportLayout.FORMAT_VERSION);
        export.put("created", Instant.now().toString());
        export.put("textlstm_version", Versions.textlstm());
        export.put("tensorflow_version", Versions.tensorflow());
        export.put("model_name", modelName);
        export.put("max_length", request.maxLength());
        export.put("labels", request.labels());
        export.put("vocabulary_size", request.vocabulary().size());
        export.put("vocab_txt_sha256", sha256(vocab));
        export.put("tag", ExportLayout.TAG);
        export.put("signatures", Map.of(
                ExportLayout.SERVING_DEFAULT, "text string[-1] -> probabilities float[-1,K], class_ids int64[-1], labels string[-1]",
                ExportLayout.PREDICT_IDS, "ids int32[-1," + request.maxLength() + "] -> probabilities float[-1,K]"));
        export.put("tokenizer", Map.of(
                "lowercase", "StringLower utf-8",
                "line_breaks", InGraphTokenizer.BR_PATTERN,
                "non_token", InGraphTokenizer.NON_TOKEN_PATTERN,
                "lookup", "exact (sorted fingerprint search + string equality), unknown -> 2",
                "sequence", "prepend 1, keep last max_length, left-pad 0"));
        info.put("export", export);
        Files.write(extra.resolve(ExportLayout.MODEL_JSON), JSON.writeValueAsBytes(info));
        WarmupRequests.write(extra.resolve(ExportLayout.WARMUP_FILE), modelName, request.warmupTexts());
    }

    /** Loads the written model with the C++ loader and checks it reproduces the export session's outputs bitwise. */
    private static void verifyReload(Path dir, List<String> texts, float[][] reference) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ExportLayout.TAG);
                TString in = TString.vectorOf(texts.toArray(new String[0]));
                var result = bundle.function(ExportLayout.SERVING_DEFAULT).call(Map.of(ExportLayout.INPUT_TEXT, in))) {
            Tensor t = result.get(ExportLayout.OUTPUT_PROBABILITIES).orElseThrow();
            float[][] reloaded = toMatrix((TFloat32) t);
            for (int i = 0; i < reference.length; i++) {
                for (int j = 0; j < reference[i].length; j++) {
                    if (Float.floatToIntBits(reference[i][j]) != Float.floatToIntBits(reloaded[i][j])) {
                        throw new IllegalStateException("self-check failed: the reloaded SavedModel gives "
                                + reloaded[i][j] + " instead of " + reference[i][j] + " for text " + i
                                + "; were the weights saved (tf.variable, restoreWeights)?");
                    }
                }
            }
        }
    }

    static float[][] toMatrix(TFloat32 t) {
        int rows = (int) t.shape().get(0);
        int cols = (int) t.shape().get(1);
        float[][] m = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = t.getFloat(i, j);
            }
        }
        return m;
    }

    private static byte[] lines(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (String s : items) {
            sb.append(s).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove temporary export folder " + dir, e);
        }
    }
}
