package io.textlstm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.client.ModelDirectory;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ModelJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code textlstm inspect DIR}: what a SavedModel offers, after loading it once to prove its graph and weights load. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show a SavedModel's version, tags, signatures (inputs/outputs with dtypes and shapes) and the metrics in "
                + "model.json, after checking that its graph and weights load.")
public final class InspectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "SavedModel base path (highest version) or version folder")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelDirectory model;
        try (TextClassifier loaded = TextClassifier.load(dir)) { // a truncated variables file fails here
            model = ModelDirectory.resolve(loaded.directory());
            loaded.skipped().forEach(s -> err.println("note: skipped " + s));
            err.flush();
        }
        SavedModel sm = model.savedModel();
        out.println("model:    " + model.directory().toAbsolutePath().normalize());
        out.println("version:  " + (model.version() < 0 ? "(folder name is not numeric)" : model.version()));
        out.println("labels:   " + model.labels());
        JsonNode facts = ModelJson.facts(model.modelInfo());
        out.println("max length: " + facts.path(ModelJson.MAX_LENGTH).asText("?") + ", vocabulary: "
                + facts.path(ModelJson.VOCABULARY_SIZE).asText("?") + " ids, textlstm "
                + facts.path(ModelJson.TEXTLSTM_VERSION).asText("?")
                + ", TensorFlow " + facts.path(ModelJson.TENSORFLOW_VERSION).asText("?"));
        sm.getMetaGraphsList().forEach(mg -> printSignatures(out, mg));
        JsonNode metrics = model.modelInfo().path(ModelJson.METRICS);
        out.println(metrics.isMissingNode() ? "metrics:  (none in model.json)"
                : "metrics:\n" + new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
        out.flush();
        return 0;
    }

    private static void printSignatures(PrintWriter out, MetaGraphDef mg) {
        out.println("tags:     " + mg.getMetaInfoDef().getTagsList());
        for (Map.Entry<String, SignatureDef> e : new TreeMap<>(mg.getSignatureDefMap()).entrySet()) {
            SignatureDef sd = e.getValue();
            out.println("signature " + e.getKey() + " (method " + (sd.getMethodName().isEmpty() ? "-" : sd.getMethodName()) + ")");
            for (Map.Entry<String, TensorInfo> in : new TreeMap<>(sd.getInputsMap()).entrySet()) {
                out.println("  input  " + describe(in.getKey(), in.getValue()));
            }
            for (Map.Entry<String, TensorInfo> o : new TreeMap<>(sd.getOutputsMap()).entrySet()) {
                out.println("  output " + describe(o.getKey(), o.getValue()));
            }
        }
    }

    static String describe(String name, TensorInfo t) {
        String shape = t.getTensorShape().getUnknownRank() ? "unknown rank"
                : t.getTensorShape().getDimList().stream().map(d -> Long.toString(d.getSize()))
                        .collect(Collectors.joining(", ", "[", "]"));
        return String.format("%-14s %-10s %-10s %s", name, t.getDtype().name(), shape, t.getName());
    }
}
