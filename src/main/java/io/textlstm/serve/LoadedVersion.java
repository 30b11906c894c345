package io.textlstm.serve;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportLayout;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.SignatureDef;

/**
 * One loaded model version: its {@link TextClassifier} (the TensorFlow session), its signatures and its batch
 * queues, with a count of the requests using it. {@link #retire} stops new requests; the session is closed when the
 * last request in flight releases it, so an unload never cuts a request short.
 */
final class LoadedVersion implements PredictTarget {

    final String model;
    final long version;
    final TextClassifier classifier;
    final ModelSignatures signatures;
    final BatchScheduler.Queue<String, Prediction> texts;
    final BatchScheduler.Queue<int[], float[]> ids;

    private int inFlight;
    private boolean retired;
    private Runnable onClosed;

    LoadedVersion(String model, long version, TextClassifier classifier, ModelSignatures signatures, BatchScheduler batcher) {
        this.model = model;
        this.version = version;
        this.classifier = classifier;
        this.signatures = signatures;
        this.texts = batcher == null ? null
                : batcher.new Queue<>(model, ExportLayout.SERVING_DEFAULT, this::predictTexts);
        this.ids = batcher == null ? null
                : batcher.new Queue<>(model, ExportLayout.PREDICT_IDS, rows -> Arrays.asList(predictIds(rows.toArray(new int[0][]))));
    }

    /**
     * Runs texts through {@code serving_default}. A row's answer can differ in its last bits with the other rows of
     * its run (docs/serving.md, "Batching"); a request that runs alone gets exactly TextClassifier's answer.
     */
    List<Prediction> predictTexts(List<String> rows) {
        return classifier.predict(rows);
    }

    /** Runs id rows through {@code predict_ids} (see {@link #predictTexts}). */
    float[][] predictIds(int[][] rows) {
        return classifier.predictIds(rows);
    }

    @Override
    public SignatureDef signature(String name) {
        return signatures.get(name);
    }

    @Override
    public int vocabularySize() {
        return classifier.vocabularySize();
    }

    /** Takes a reference for one request; false once retired (the caller looks for another version). */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Returns a reference; the last one after {@link #retire} closes the session. */
    void release() {
        boolean close;
        synchronized (this) {
            inFlight--;
            close = retired && inFlight == 0;
        }
        if (close) {
            closeNow();
        }
    }

    /** No new requests; closes the session now or when the last request in flight finishes, then runs {@code then}. */
    void retire(Runnable then) {
        boolean close;
        synchronized (this) {
            if (retired) {
                return;
            }
            retired = true;
            onClosed = then;
            close = inFlight == 0;
        }
        if (close) {
            closeNow();
        }
    }

    private void closeNow() {
        classifier.close();
        Runnable r;
        synchronized (this) {
            r = onClosed;
        }
        if (r != null) {
            r.run();
        }
    }
}
