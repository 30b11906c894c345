package io.textlstm.train;

import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.Versions;
import io.textlstm.model.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run measured, as written to the run folder's {@code metrics.json} (and copied into an export's
 * {@code model.json}); {@link #toMap} is the one place that names its keys.
 *
 * @param dataset    the data set's display name
 * @param evalName   {@code validation} or {@code test}: what the per-epoch evaluation scored
 * @param history    one record per epoch
 * @param finalEval  the evaluation split scored with the final weights
 * @param heldOutTest the held-out test split scored in a separate session, or null when there was none
 */
public record RunMetrics(String dataset, ModelConfig model, TrainingConfig training, Data data, String evalName,
        List<EpochRecord> history, int bestEpoch, boolean stoppedEarly, ClassificationMetrics finalEval,
        ClassificationMetrics heldOutTest, Timings timings, Software versions) {

    public RunMetrics {
        history = List.copyOf(history);
    }

    /**
     * The data the run saw.
     *
     * @param labels the class names, in label-id order
     */
    public record Data(int numWords, int maxLength, int trainRecords, int evalRecords, String vocabularySha256,
            List<String> labels) {
        public Data {
            labels = List.copyOf(labels);
        }
    }

    /** Where the time went outside the epochs. */
    public record Timings(double dataSeconds, double graphBuildSeconds, double firstStepSeconds) {}

    /** The software that produced the run. */
    public record Software(String textlstm, String tensorflow, String java) {
        /** This process's versions. */
        public static Software current() {
            return new Software(Versions.textlstm(), org.tensorflow.TensorFlow.version(), System.getProperty("java.version"));
        }
    }

    /** The {@code metrics.json} document: key names and nesting as earlier releases wrote them. */
    public Map<String, Object> toMap() {
        List<String> labels = data.labels();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("model", model);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epochs", training.epochs());
        t.put("batch_size", training.batchSize());
        t.put("seed", training.seed());
        t.put("optimizer", training.adam());
        t.put("patience", training.patience());
        t.put("class_weights", training.classWeights());
        t.put("chains", training.chains());
        t.put("intra_op_threads", training.intraOpThreads());
        t.put("inter_op_threads", training.interOpThreads());
        m.put("training", t);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("num_words", data.numWords());
        d.put("max_length", data.maxLength());
        d.put("train_records", data.trainRecords());
        d.put("eval_records", data.evalRecords());
        d.put("vocabulary_sha256", data.vocabularySha256());
        d.put("labels", labels);
        m.put("data", d);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochRecord r : history) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", r.epoch());
            e.put("loss", r.trainLoss());
            e.put("accuracy", r.trainAccuracy());
            e.put(evalName, r.eval().toMap(labels));
            e.put("seconds", r.seconds());
            e.put("ms_per_step_median", r.medianStepMillis());
            e.put("ms_per_step_p90", r.p90StepMillis());
            e.put("eval_seconds", r.evalSeconds());
            epochs.add(e);
        }
        m.put("epochs", epochs);
        m.put("best_epoch", bestEpoch);
        m.put("stopped_early", stoppedEarly);
        m.put("final_" + evalName, finalEval.toMap(labels));
        if (heldOutTest != null) {
            m.put("final_test", heldOutTest.toMap(labels));
        }
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("data_seconds", timings.dataSeconds());
        tm.put("graph_build_seconds", timings.graphBuildSeconds());
        tm.put("first_step_seconds", timings.firstStepSeconds());
        m.put("timings", tm);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("textlstm", versions.textlstm());
        v.put("tensorflow", versions.tensorflow());
        v.put("java", versions.java());
        m.put("versions", v);
        return m;
    }
}
