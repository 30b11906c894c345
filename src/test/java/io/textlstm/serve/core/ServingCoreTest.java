package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving core as a front end calls it, with no HTTP in between: resolving a model spec (version, label or
 * neither), Predict with named inputs and an output filter, signatures, status, and TF Serving's status codes.
 */
class ServingCoreTest {

    @TempDir static Path tmp;
    static ServingCore core;
    static TextClassifier reference;
    static final List<String> TEXTS = List.of("I loved it", "Dull.", "");

    @BeforeAll
    static void start() throws Exception {
        ExportResult export = ExportFixtures.exportBinary(tmp.resolve("tiny"));
        reference = TextClassifier.load(export.directory());
        core = ServingCore.start(new CoreConfig(List.of(new ServedModelConfig("tiny", tmp.resolve("tiny"), VersionPolicy.latest())),
                Duration.ofSeconds(1), BatchingParameters.DEFAULTS, RequestLimits.DEFAULTS));
    }

    @AfterAll
    static void stop() {
        core.close();
        reference.close();
    }

    static PredictResult predict(ModelSpec spec, PredictRequest request) {
        try (ServableHandle h = core.servable(spec)) {
            return h.predict(request).join();
        }
    }

    static ServeException failure(ModelSpec spec, PredictRequest request) {
        CompletionException e = assertThrows(CompletionException.class, () -> predict(spec, request));
        return (ServeException) e.getCause();
    }

    static PredictRequest texts(List<String> outputFilter) {
        return new PredictRequest("", Map.of("text", HostTensor.ofStrings(TEXTS)), outputFilter);
    }

    @Test
    void predictAnswersEveryOutputOrTheFilteredOnesWithTheVersionThatRan() {
        PredictResult all = predict(ModelSpec.latest("tiny"), texts(List.of()));
        assertEquals(1, all.version());
        assertEquals("serving_default", all.signatureName());
        assertEquals(List.of("probabilities", "class_ids", "labels"), List.copyOf(all.outputs().keySet()));
        List<Prediction> want = reference.predict(TEXTS);
        HostTensor probs = all.outputs().get("probabilities");
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(want.get(i).probabilities(), new float[] {probs.floatAt(i)}, "row " + i);
            assertEquals(want.get(i).classId(), all.outputs().get("class_ids").longAt(i));
            assertEquals(want.get(i).label(), all.outputs().get("labels").string(i));
        }
        PredictResult labels = predict(ModelSpec.specific("tiny", 1), texts(List.of("labels")));
        assertEquals(List.of("labels"), List.copyOf(labels.outputs().keySet()));
        assertEquals(want.get(0).label(), labels.outputs().get("labels").string(0));
    }

    @Test
    void versionLabelsResolveThroughTheLabelsSet() {
        assertEquals(ServeStatus.INVALID_ARGUMENT, assertThrows(ServeException.class,
                () -> core.servable(ModelSpec.labeled("tiny", "stable"))).status());
        core.setVersionLabels("tiny", Map.of("stable", 1L, "canary", 2L));
        try (ServableHandle h = core.servable(ModelSpec.labeled("tiny", "stable"))) {
            assertEquals(1, h.version());
        }
        ServeException notServing = assertThrows(ServeException.class, () -> core.servable(ModelSpec.labeled("tiny", "canary")));
        assertEquals(ServeStatus.NOT_FOUND, notServing.status());
        assertEquals("Servable not found for request: Specific(tiny, 2)", notServing.getMessage());
        assertEquals(List.of(1L), core.status(ModelSpec.labeled("tiny", "stable")).versions().stream().map(VersionStatus::version).toList());
        core.setVersionLabels("tiny", Map.of());
    }

    @Test
    void statusAndSignaturesAreSnapshotsOfTheLoadedVersion() {
        ModelStatus s = core.status(ModelSpec.latest("tiny"));
        assertEquals(List.of(new VersionStatus(1, VersionStatus.State.AVAILABLE, ServeStatus.OK, "")), s.versions());
        try (ServableHandle h = core.servable(ModelSpec.latest("tiny"))) {
            assertEquals(List.of("classify", "predict_ids", "regress", "serving_default"), List.copyOf(h.signatures().all().keySet()));
            assertEquals("tensorflow/serving/predict", h.signatures().get("serving_default").getMethodName());
        }
        assertEquals(ServeStatus.NOT_FOUND, assertThrows(ServeException.class, () -> core.status(ModelSpec.latest("other"))).status());
        assertEquals("Could not find version 3 of model tiny",
                assertThrows(ServeException.class, () -> core.status(ModelSpec.specific("tiny", 3))).getMessage());
    }

    @Test
    void badRequestsFailWithTfServingsCodes() {
        ModelSpec tiny = ModelSpec.latest("tiny");
        ServeException noSignature = failure(tiny, new PredictRequest("sentiment", Map.of("inputs", HostTensor.ofStrings(TEXTS))));
        assertEquals(ServeStatus.FAILED_PRECONDITION, noSignature.status());
        assertEquals("Serving signature key \"sentiment\" not found.", noSignature.getMessage());

        ServeException extra = failure(tiny, new PredictRequest("", Map.of("text", HostTensor.ofStrings(TEXTS),
                "review", HostTensor.ofStrings(TEXTS))));
        assertEquals(ServeStatus.INVALID_ARGUMENT, extra.status());
        assertTrue(extra.getMessage().startsWith("input size does not match signature: 2!=1"), extra.getMessage());

        ServeException dtype = failure(tiny, new PredictRequest("", Map.of("text", HostTensor.ofInts(new long[] {1}, new int[] {1}))));
        assertEquals("input 'text' of signature 'serving_default' takes DT_STRING but the request gives DT_INT32", dtype.getMessage());

        ServeException filter = failure(tiny, texts(List.of("scores")));
        assertEquals("output tensor alias not found in signature: scores Outputs expected to be in the set "
                + "{class_ids,labels,probabilities}.", filter.getMessage());

        int[] ids = new int[ExportFixtures.MAX_LENGTH];
        ids[0] = reference.vocabularySize();
        ServeException range = failure(tiny, new PredictRequest("predict_ids",
                Map.of("ids", HostTensor.ofInts(new long[] {1, ids.length}, ids))));
        assertTrue(range.getMessage().startsWith("id " + ids[0] + " at row 0, position 0 is out of range"), range.getMessage());

        assertEquals(ServeStatus.NOT_FOUND, assertThrows(ServeException.class, () -> core.servable(ModelSpec.latest("other"))).status());
    }

    @Test
    void theHttpStatusOfEachCodeIsTfServingsRestMapping() {
        assertEquals(400, ServeStatus.INVALID_ARGUMENT.httpStatus());
        assertEquals(404, ServeStatus.NOT_FOUND.httpStatus());
        assertEquals(400, ServeStatus.FAILED_PRECONDITION.httpStatus());
        assertEquals(503, ServeStatus.UNAVAILABLE.httpStatus());
        assertEquals(429, ServeStatus.RESOURCE_EXHAUSTED.httpStatus());
    }
}
