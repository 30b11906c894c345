package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadSettingException;
import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static ModelConfig config(int classes) {
        return ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH).embeddingDim(8).units(8)
                .numClasses(classes).dropout(0.1f).recurrentDropout(0.1f).build();
    }

    private static TrainingConfig.Builder training() {
        return TrainingConfig.builder().batchSize(32).seed(7).learningRate(0.01f).chains(2).threads(1, 2);
    }

    @Test
    void learnsBinarySequenceTask() {
        VectorizedSplit train = TinyData.markerTask(1500, 2, 1);
        VectorizedSplit test = TinyData.markerTask(400, 2, 2);
        Trainer.FitResult r = new Trainer(config(2), training().epochs(8).build()).fit(train, test, null, false);
        assertTrue(r.finalEval().accuracy() >= 0.95, "test accuracy " + r.finalEval().accuracy());
        assertTrue(r.history().get(0).trainLoss() > r.history().get(7).trainLoss());
    }

    @Test
    void learnsFourClassSequenceTaskWithSoftmaxThatSumsToOne() {
        VectorizedSplit train = TinyData.markerTask(2000, 4, 3);
        VectorizedSplit test = TinyData.markerTask(400, 4, 4);
        ModelConfig c = config(4);
        Trainer.FitResult r = new Trainer(c, training().epochs(10).build()).fit(train, test, null, false);
        assertTrue(r.finalEval().accuracy() >= 0.95, "4-class test accuracy " + r.finalEval().accuracy());
        try (TrainingSession s = new TrainingSession(c, Adam.Config.keras(), 1, 1, 1)) {
            s.initialize(r.weights());
            float[] p = s.predictProbabilities(test.ids(), test.size());
            for (int i = 0; i < test.size(); i++) {
                double sum = 0;
                for (int k = 0; k < 4; k++) {
                    sum += p[i * 4 + k];
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void twoClassSoftmaxHeadOnRequest() {
        ModelConfig c = ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH).embeddingDim(8).units(8)
                .numClasses(2).head(ModelConfig.Head.SOFTMAX).dropout(0.1f).recurrentDropout(0.1f).build();
        assertEquals(2, c.outputUnits());
        VectorizedSplit train = TinyData.markerTask(1500, 2, 1);
        VectorizedSplit test = TinyData.markerTask(400, 2, 2);
        Trainer.FitResult r = new Trainer(c, training().epochs(8).build()).fit(train, test, null, false);
        assertTrue(r.finalEval().accuracy() >= 0.95, "test accuracy " + r.finalEval().accuracy());
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> ModelConfig.builder().numClasses(3).head(ModelConfig.Head.SIGMOID).build());
        assertEquals("head", e.setting());
    }

    /** The ranges are checked where the configs are built, naming the setting for a front end to spell. */
    @Test
    void badSettingsAreNamed() {
        assertEquals("epochs", assertThrows(BadSettingException.class, () -> training().epochs(0).build()).setting());
        assertEquals("batchSize", assertThrows(BadSettingException.class, () -> training().batchSize(0).build()).setting());
        assertEquals("learningRate", assertThrows(BadSettingException.class,
                () -> training().learningRate(Float.NaN).build()).setting());
        assertEquals("patience", assertThrows(BadSettingException.class, () -> training().patience(-1).build()).setting());
        assertEquals("chains", assertThrows(BadSettingException.class, () -> training().chains(0).build()).setting());
        assertEquals("dropout", assertThrows(BadSettingException.class,
                () -> ModelConfig.builder().dropout(1f).build()).setting());
        assertEquals("recurrentDropout", assertThrows(BadSettingException.class,
                () -> ModelConfig.builder().recurrentDropout(-0.1f).build()).setting());
        assertEquals("units", assertThrows(BadSettingException.class, () -> ModelConfig.builder().units(0).build()).setting());
    }

    @Test
    void sameSeedGivesIdenticalLossesAndWeights() {
        VectorizedSplit train = TinyData.markerTask(300, 2, 5);
        VectorizedSplit test = TinyData.markerTask(50, 2, 6);
        Trainer.FitResult a = new Trainer(config(2), training().epochs(2).build()).fit(train, test, null, false);
        Trainer.FitResult b = new Trainer(config(2), training().epochs(2).build()).fit(train, test, null, false);
        Trainer.FitResult other = new Trainer(config(2), training().epochs(2).seed(8).build()).fit(train, test, null, false);
        for (int e = 0; e < 2; e++) {
            assertEquals(a.history().get(e).trainLoss(), b.history().get(e).trainLoss(), 0.0);
            assertEquals(a.history().get(e).eval().loss(), b.history().get(e).eval().loss(), 0.0);
        }
        assertArrayEquals(a.weights().get(ModelWeights.KERNEL), b.weights().get(ModelWeights.KERNEL));
        assertTrue(a.history().get(1).trainLoss() != other.history().get(1).trainLoss(), "another seed, another run");
    }

    @Test
    void resumingAfterOneEpochEqualsTwoEpochsStraight(@TempDir Path tmp) {
        VectorizedSplit train = TinyData.markerTask(300, 2, 5);
        VectorizedSplit test = TinyData.markerTask(50, 2, 6);
        Trainer.FitResult straight = new Trainer(config(2), training().epochs(2).build())
                .fit(train, test, tmp.resolve("a"), false);
        new Trainer(config(2), training().epochs(1).build()).fit(train, test, tmp.resolve("b"), false);
        Trainer.FitResult resumed = new Trainer(config(2), training().epochs(2).build())
                .fit(train, test, tmp.resolve("b"), true);
        assertEquals(2, resumed.history().size());
        for (String name : ModelWeights.NAMES) {
            assertArrayEquals(straight.weights().get(name), resumed.weights().get(name), name);
        }
        assertEquals(straight.history().get(1).trainLoss(), resumed.history().get(1).trainLoss(), 0.0);
        assertArrayEquals(straight.weights().get(ModelWeights.EMBEDDING), new Checkpoint(tmp.resolve("b")).latestWeights().get(ModelWeights.EMBEDDING));
    }

    /** trainer.json of earlier releases also held the best epoch and early stopping's count: still resumable. */
    @Test
    void resumesACheckpointWithTheFieldsEarlierReleasesWrote(@TempDir Path tmp) throws Exception {
        VectorizedSplit train = TinyData.markerTask(200, 2, 5);
        VectorizedSplit test = TinyData.markerTask(50, 2, 6);
        new Trainer(config(2), training().epochs(1).build()).fit(train, test, tmp, false);
        Path progress = tmp.resolve(Checkpoint.PROGRESS_FILE);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode old =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(progress.toFile());
        old.put("bestEpoch", 1).put("bestLoss", 0.5).put("epochsWithoutImprovement", 0);
        json.writeValue(progress.toFile(), old);
        assertEquals(1, new Checkpoint(tmp).completedEpochs());
        Trainer.FitResult resumed = new Trainer(config(2), training().epochs(2).build()).fit(train, test, tmp, true);
        assertEquals(2, resumed.history().size());
    }

    @Test
    void divergenceStopsWithClearMessageAndKeepsLastGoodCheckpoint(@TempDir Path tmp) {
        VectorizedSplit train = TinyData.markerTask(200, 2, 5);
        VectorizedSplit test = TinyData.markerTask(50, 2, 6);
        Path ckpt = tmp.resolve("ckpt");
        new Trainer(config(2), training().epochs(1).build()).fit(train, test, ckpt, false);
        ModelWeights good = new Checkpoint(ckpt).latestWeights();
        // An infinite loss weight stands in for a blown-up loss in the resumed epoch.
        TrainingConfig exploding = training().epochs(2).classWeights(new float[] {Float.POSITIVE_INFINITY, 1f}).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(config(2), exploding).fit(train, test, ckpt, true));
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("checkpoint of epoch 1"), e.getMessage());
        assertArrayEquals(good.get(ModelWeights.KERNEL), new Checkpoint(ckpt).latestWeights().get(ModelWeights.KERNEL));
        assertTrue(Files.exists(ckpt.resolve("trainer.json")));
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // Validation labels are the opposite of training's: the better the model learns, the higher the validation
        // loss, so epoch 1 is the best and patience 1 must stop after epoch 2 and restore epoch 1's weights.
        VectorizedSplit train = TinyData.markerTask(400, 2, 5);
        VectorizedSplit marked = TinyData.markerTask(100, 2, 6);
        int[] flippedLabels = marked.labels().clone();
        for (int i = 0; i < flippedLabels.length; i++) {
            flippedLabels[i] = 1 - flippedLabels[i];
        }
        VectorizedSplit flipped = new VectorizedSplit(marked.ids(), flippedLabels, marked.size(), marked.maxLength());
        Trainer.FitResult r = new Trainer(config(2), training().epochs(12).patience(1).build())
                .fit(train, flipped, null, false);
        List<EpochRecord> h = r.history();
        assertTrue(r.stoppedEarly(), "early stopping must fire");
        assertEquals(2, h.size());
        assertTrue(h.get(1).eval().loss() > h.get(0).eval().loss(), "validation loss rose in epoch 2");
        assertEquals(1, r.bestEpoch());
        assertEquals(h.get(0).eval().loss(), r.finalEval().loss(), 0.0);
        // the restored weights are epoch 1's: those of a run that stops there by itself
        ModelWeights epochOne = new Trainer(config(2), training().epochs(1).build())
                .fit(train, flipped, null, false).weights();
        epochOne.asMap().forEach((name, w) -> assertArrayEquals(w, r.weights().asMap().get(name), name));
    }

    /** The flipped-label task of {@link #earlyStoppingRestoresTheBestEpoch}, where epoch 1 is the best. */
    private static VectorizedSplit flippedValidation() {
        VectorizedSplit marked = TinyData.markerTask(100, 2, 6);
        int[] flipped = marked.labels().clone();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = 1 - flipped[i];
        }
        return new VectorizedSplit(marked.ids(), flipped, marked.size(), marked.maxLength());
    }

    /** A resumed run with early stopping takes the decision and restores the best weights the straight run does. */
    @Test
    void earlyStoppingSurvivesAResume(@TempDir Path tmp) {
        VectorizedSplit train = TinyData.markerTask(400, 2, 5);
        VectorizedSplit flipped = flippedValidation();
        Trainer.FitResult straight = new Trainer(config(2), training().epochs(12).patience(1).build())
                .fit(train, flipped, tmp.resolve("a"), false);
        new Trainer(config(2), training().epochs(1).patience(1).build()).fit(train, flipped, tmp.resolve("b"), false);
        assertTrue(Files.exists(tmp.resolve("b").resolve(Checkpoint.BEST_FILE)), "the best weights are kept on disk");
        Trainer.FitResult resumed = new Trainer(config(2), training().epochs(12).patience(1).build())
                .fit(train, flipped, tmp.resolve("b"), true);
        assertTrue(resumed.stoppedEarly());
        assertEquals(straight.history().size(), resumed.history().size());
        assertEquals(1, resumed.bestEpoch());
        assertEquals(straight.finalEval().loss(), resumed.finalEval().loss(), 0.0);
        straight.weights().asMap().forEach((name, w) -> assertArrayEquals(w, resumed.weights().asMap().get(name), name));
    }

    /**
     * A run that ended with its patience used up (here 2 epochs of 2, the second without improvement) and is continued
     * to 12 epochs stops where a straight 12-epoch run stopped, without training another epoch.
     */
    @Test
    void aRunContinuedPastItsUsedUpPatienceStopsWhereTheStraightRunStopped(@TempDir Path tmp) {
        VectorizedSplit train = TinyData.markerTask(400, 2, 5);
        VectorizedSplit flipped = flippedValidation();
        Trainer.FitResult straight = new Trainer(config(2), training().epochs(12).patience(1).build())
                .fit(train, flipped, null, false);
        assertEquals(2, straight.history().size());
        new Trainer(config(2), training().epochs(2).patience(1).build()).fit(train, flipped, tmp, false);
        Trainer.FitResult continued = new Trainer(config(2), training().epochs(12).patience(1).build())
                .fit(train, flipped, tmp, true);
        assertEquals(2, continued.history().size(), "no epoch trained past the early stop");
        assertTrue(continued.stoppedEarly());
        straight.weights().asMap().forEach((name, w) -> assertArrayEquals(w, continued.weights().asMap().get(name), name));
    }

    /** A caller's listener hears every step and epoch in order and can stop the run, as a Keras callback can. */
    @Test
    void aListenerHearsTheRunAndCanStopIt() {
        VectorizedSplit train = TinyData.markerTask(100, 2, 5);
        VectorizedSplit test = TinyData.markerTask(40, 2, 6);
        List<String> heard = new java.util.ArrayList<>();
        TrainingListener stopAfterTwo = new TrainingListener() {
            @Override
            public void onTrainBegin(FitContext context) {
                heard.add("begin " + context.history().size());
            }

            @Override
            public void onEpochStart(int epoch, int epochs, int steps) {
                heard.add("epoch " + epoch + "/" + epochs + " steps " + steps);
            }

            @Override
            public void onStep(StepEnd s) {
                heard.add("step " + s.epoch() + "." + s.step() + (Float.isFinite(s.loss()) && s.millis() > 0 ? "" : " bad"));
            }

            @Override
            public void onEpochEnd(EpochRecord record, FitContext context) {
                heard.add("end " + record.epoch() + " history " + context.history().size());
                if (record.epoch() == 2) {
                    context.stopTraining();
                }
            }

            @Override
            public void onTrainEnd(FitContext context) {
                heard.add("done");
            }
        };
        Trainer.FitResult r = new Trainer(config(2), training().epochs(5).batchSize(50).build(), stopAfterTwo)
                .fit(train, test, null, false);
        assertEquals(List.of("begin 0", "epoch 1/5 steps 2", "step 1.1", "step 1.2", "end 1 history 1",
                "epoch 2/5 steps 2", "step 2.1", "step 2.2", "end 2 history 2", "done"), heard);
        assertEquals(2, r.history().size());
        assertTrue(r.stoppedEarly());
        assertEquals(4, r.stepMillis().size());
    }
}
