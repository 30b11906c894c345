package io.textlstm.export;

/** Names that make up the exported SavedModel's contract (docs/savedmodel.md); shared by the exporter, the client and the CLI. */
public final class ExportLayout {
    private ExportLayout() {}

    public static final String TAG = "serve";
    /** Method names of TF Serving's three APIs; its Classify and Regress check a signature's. */
    public static final String PREDICT_METHOD_NAME = "tensorflow/serving/predict";
    public static final String CLASSIFY_METHOD_NAME = "tensorflow/serving/classify";
    public static final String REGRESS_METHOD_NAME = "tensorflow/serving/regress";

    public static final String SERVING_DEFAULT = "serving_default";
    public static final String PREDICT_IDS = "predict_ids";
    /** Serialized tf.Examples → classes and scores (TF Serving's Classify API). */
    public static final String CLASSIFY = "classify";
    /** Serialized tf.Examples → P(class 1) (TF Serving's Regress API); binary models only. */
    public static final String REGRESS = "regress";

    public static final String INPUT_TEXT = "text";
    public static final String INPUT_IDS = "ids";
    public static final String OUTPUT_PROBABILITIES = "probabilities";
    public static final String OUTPUT_CLASS_IDS = "class_ids";
    public static final String OUTPUT_LABELS = "labels";
    /** The aliases TF Serving's Classify and Regress require (its classifier.cc and regressor.cc). */
    public static final String INPUT_EXAMPLES = "inputs";
    public static final String OUTPUT_CLASSES = "classes";
    public static final String OUTPUT_SCORES = "scores";
    public static final String OUTPUT_REGRESSION = "outputs";
    /** The tf.Example feature that holds the text, unless the export names another. */
    public static final String DEFAULT_EXAMPLE_FEATURE = "text";

    public static final String SAVED_MODEL_PB = "saved_model.pb";
    public static final String VARIABLES_DIR = "variables";
    public static final String ASSETS_DIR = "assets";
    public static final String ASSETS_EXTRA_DIR = "assets.extra";
    public static final String VOCAB_FILE = "vocab.txt";
    public static final String LABELS_FILE = "labels.txt";
    public static final String MODEL_JSON = "model.json";
    public static final String WARMUP_FILE = "tf_serving_warmup_requests";

    /** Value of {@code format} in model.json: marks a folder as a textlstm export. */
    public static final String FORMAT = "textlstm-savedmodel";
    /** Value of {@code format_version} in model.json: 2 since model.json is one flat object ({@link ModelJson}). */
    public static final int FORMAT_VERSION = 2;

    /** Binary models (one output column) predict class 1 when P(positive) is at least this. */
    public static final float BINARY_THRESHOLD = 0.5f;

    /** True for a TF Serving version folder name: digits only (TF Serving ignores anything else). */
    public static boolean isVersionName(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
