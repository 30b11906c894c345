package io.textlstm.train;

import io.textlstm.NativeMemory;
import io.textlstm.model.GraphVariables;
import io.textlstm.model.LstmNetwork;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.model.NetworkParameters;
import io.textlstm.model.TrainingGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Owns one TensorFlow graph and session holding the network's variables, the training step (forward,
 * backward, Adam) and the inference path, and moves batches and weights between Java arrays and TF.
 *
 * <p>Fetch sets are fixed ({@link #trainStep}, {@link #predictLogits}) so TF optimizes each callable once.
 */
public final class TrainingSession implements AutoCloseable {
    private final ModelConfig config;
    private final Graph graph;
    private final Session session;
    private final GraphVariables variables;
    private final TrainingGraph training;
    private final Op trainStep;
    private final Placeholder<TInt32> inferenceIds;
    private final Operand<TFloat32> inferenceProbabilities;
    private final Adam.Config adam;

    /** Result of one optimizer step: the batch's mean loss and its logits (computed with dropout). */
    public record StepResult(float loss, float[] logits) {}

    /**
     * @param chains independent forward/backward chains per batch (see {@link TrainingGraph}); the number of
     *     cores is a good value
     */
    public TrainingSession(ModelConfig config, Adam.Config adam, int chains, int intraOpThreads, int interOpThreads) {
        this.config = config;
        this.adam = adam;
        NativeMemory.configure();
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            variables = new GraphVariables(tf);
            Map<String, long[]> shapes = ModelWeights.shapes(config);
            shapes.forEach(variables::create);
            NetworkParameters params = new NetworkParameters(
                    variables.read(ModelWeights.EMBEDDING), variables.read(ModelWeights.KERNEL),
                    variables.read(ModelWeights.RECURRENT_KERNEL), variables.read(ModelWeights.BIAS),
                    variables.read(ModelWeights.DENSE_KERNEL), variables.read(ModelWeights.DENSE_BIAS));
            training = new TrainingGraph(tf, config, params, chains);
            List<Op> fetchedWithStep = new ArrayList<>();
            fetchedWithStep.add(training.loss);
            fetchedWithStep.add(training.logits);
            trainStep = Adam.minimize(tf, variables, ModelWeights.NAMES, training.gradients, adam, fetchedWithStep);
            inferenceIds = tf.withName("ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, config.maxLength())));
            inferenceProbabilities = LstmNetwork.probabilities(tf, config, LstmNetwork.logits(tf, config, params, inferenceIds));
            ConfigProto.Builder proto = ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(intraOpThreads)
                    .setInterOpParallelismThreads(interOpThreads);
            session = new Session(graph, false, proto.build());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Sets fresh weights and a fresh optimizer state. */
    public void initialize(ModelWeights weights) {
        Map<String, float[]> all = new LinkedHashMap<>(weights.asMap());
        all.putAll(Adam.initialState(weights.asMap(), adam));
        variables.load(session, all);
    }

    /** Weights plus optimizer state, by variable name: what a checkpoint stores. */
    public Map<String, float[]> state() {
        return variables.fetchAll(session);
    }

    /** Restores {@link #state()} output. */
    public void restoreState(Map<String, float[]> state) {
        variables.load(session, state);
    }

    /** Current weights only. */
    public ModelWeights weights() {
        Map<String, float[]> state = state();
        Map<String, float[]> w = new LinkedHashMap<>();
        for (String name : ModelWeights.NAMES) {
            w.put(name, state.get(name));
        }
        return new ModelWeights(w);
    }

    /** One Adam step on a batch; returns its mean loss and its logits (with dropout). */
    public StepResult trainStep(Batch batch) {
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            try (Result result = stepRunner(batch, tensors).run()) {
                return new StepResult(((TFloat32) result.get(0)).getFloat(), realRows(toArray((TFloat32) result.get(1)), batch.size()));
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /**
     * One Adam step on a batch, as {@link #trainStep}, with TF's full trace: the step's per-op timings
     * ({@code RunMetadata.step_stats}), for profiling. The training graph's ops are named by phase: {@code forward*},
     * {@code loss*}, {@code backward*} per chain, the optimizer's are {@code ApplyAdam} and the β-power updates.
     */
    public org.tensorflow.proto.RunMetadata tracedTrainStep(Batch batch) {
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner runner = stepRunner(batch, tensors).setOptions(org.tensorflow.proto.RunOptions.newBuilder()
                    .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.FULL_TRACE).build());
            try (Result result = runner.runAndFetchMetadata()) {
                return result.getMetadata().orElseThrow();
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /** The Adam step on a batch, fetching its mean loss and its logits: {@link #trainStep} and its traced twin. */
    private Session.Runner stepRunner(Batch batch, List<org.tensorflow.Tensor> tensors) {
        return feed(batch, tensors).fetch(training.loss).fetch(training.logits).addTarget(trainStep);
    }

    /** The batch's loss followed by the gradient of every weight in {@link ModelWeights#NAMES} order; nothing is updated. */
    public List<float[]> lossAndGradients(Batch batch) {
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try {
            Session.Runner runner = feed(batch, tensors).fetch(training.loss);
            training.gradients.forEach(runner::fetch);
            try (Result result = runner.run()) {
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < result.size(); i++) {
                    out.add(toArray((TFloat32) result.get(i)));
                }
                return out;
            }
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /** The training forward pass's logits (with the batch's masks) without updating anything. */
    public float[] trainStepLogitsWithoutUpdate(Batch batch) {
        List<org.tensorflow.Tensor> tensors = new ArrayList<>();
        try (Result result = feed(batch, tensors).fetch(training.logits).run()) {
            return realRows(toArray((TFloat32) result.get(0)), batch.size());
        } finally {
            tensors.forEach(org.tensorflow.Tensor::close);
        }
    }

    /**
     * Feeds the batch split into contiguous slices, one per chain (a full batch of 64 on 2 chains: rows 0-31 and
     * 32-63); created tensors go to {@code owned}. A batch with fewer rows than chains leaves some slices empty;
     * each of those is fed one padding row of sample weight 0, which adds exactly 0 to the loss and the gradients
     * (and is dropped from the logits), and the batch size is fed as the real row count.
     */
    private Session.Runner feed(Batch batch, List<org.tensorflow.Tensor> owned) {
        Session.Runner runner = session.runner();
        int n = batch.size();
        int chainCount = training.chains.size();
        TFloat32 rows = TFloat32.scalarOf(n);
        owned.add(rows);
        runner.feed(training.batchSize, rows);
        for (int k = 0; k < chainCount; k++) {
            int from = k * n / chainCount;
            int to = (k + 1) * n / chainCount;
            Batch part = from < to ? batch.slice(from, to) : paddingRow();
            int m = part.size();
            TrainingGraph.ChainInputs in = training.chains.get(k);
            TInt32 ids = TInt32.tensorOf(Shape.of(m, config.maxLength()), DataBuffers.of(part.ids(), true, false));
            owned.add(ids);
            TInt32 labels = TInt32.tensorOf(Shape.of(m), DataBuffers.of(part.labels(), true, false));
            owned.add(labels);
            TFloat32 weights = TFloat32.tensorOf(Shape.of(m), DataBuffers.of(part.sampleWeights(), true, false));
            owned.add(weights);
            TFloat32 inputMask = TFloat32.tensorOf(Shape.of(m, config.embeddingDim()), DataBuffers.of(part.inputMask(), true, false));
            owned.add(inputMask);
            TFloat32 recurrentMask = TFloat32.tensorOf(Shape.of(m, config.units()), DataBuffers.of(part.recurrentMask(), true, false));
            owned.add(recurrentMask);
            runner.feed(in.ids(), ids).feed(in.labels(), labels).feed(in.sampleWeights(), weights)
                    .feed(in.inputMask(), inputMask).feed(in.recurrentMask(), recurrentMask);
        }
        return runner;
    }

    /** One all-padding row with loss weight 0 and no dropout, for a chain a small batch leaves empty. */
    private Batch paddingRow() {
        float[] inputMask = new float[config.embeddingDim()];
        float[] recurrentMask = new float[config.units()];
        java.util.Arrays.fill(inputMask, 1f);
        java.util.Arrays.fill(recurrentMask, 1f);
        return new Batch(1, new int[config.maxLength()], new int[1], new float[1], inputMask, recurrentMask);
    }

    /** The logits of the batch's real rows: drops the padding rows {@link #feed} added for empty chains. */
    private float[] realRows(float[] logits, int n) {
        int chainCount = training.chains.size();
        if (n >= chainCount) {
            return logits;
        }
        int width = config.outputUnits();
        float[] out = new float[n * width];
        int src = 0;
        int dst = 0;
        for (int k = 0; k < chainCount; k++) {
            int m = (k + 1) * n / chainCount - k * n / chainCount;
            System.arraycopy(logits, src * width, out, dst * width, m * width);
            dst += m;
            src += Math.max(m, 1);
        }
        return out;
    }

    /**
     * Inference probabilities (no dropout; the exported graph's computation) for {@code n} rows of ids,
     * row-major [n, outputUnits]: P(positive) for a binary head, a softmax otherwise.
     */
    public float[] predictProbabilities(int[] ids, int n) {
        try (TInt32 idsT = TInt32.tensorOf(Shape.of(n, config.maxLength()), DataBuffers.of(ids, true, false));
                Result result = session.runner().feed(inferenceIds, idsT).fetch(inferenceProbabilities).run()) {
            return toArray((TFloat32) result.get(0));
        }
    }

    static float[] toArray(TFloat32 t) {
        float[] out = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
