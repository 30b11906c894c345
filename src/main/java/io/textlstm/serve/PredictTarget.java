package io.textlstm.serve;

import org.tensorflow.proto.SignatureDef;

/** What a model version offers to request parsing: its signatures and the id range of {@code predict_ids}. */
interface PredictTarget {

    /** The signature of that name, or null when the version has none. */
    SignatureDef signature(String name);

    /** Ids of {@code predict_ids} run from 0 to this, exclusive. */
    int vocabularySize();
}
