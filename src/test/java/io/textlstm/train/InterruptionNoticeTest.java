package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user is told when training is interrupted, and that it is what a resume then does. */
class InterruptionNoticeTest {
    @TempDir Path tmp;

    private static ModelConfig model() {
        return ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH).embeddingDim(4).units(8).build();
    }

    /**
     * Issue 19: the notice read the disk while the trainer wrote the checkpoint of the epoch that had just ended, so it
     * could name the epoch before the one a resume then continued from. An interruption while a checkpoint is being
     * written now waits for it, names it, and the trainer starts no other.
     */
    @Test
    void anInterruptionDuringACheckpointWriteNamesThatCheckpointAndTrainingStops() throws Exception {
        VectorizedSplit train = TinyData.markerTask(100, 2, 5);
        VectorizedSplit test = TinyData.markerTask(40, 2, 6);
        InterruptionNotice notice = new InterruptionNotice(tmp, dir -> "resume " + dir);
        AtomicReference<String> said = new AtomicReference<>();
        AtomicReference<Thread> interrupter = new AtomicReference<>();
        TrainingListener signal = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord record, FitContext context) {
                if (record.epoch() != 2) {
                    return;
                }
                // the signal arrives after epoch 2 ended, before its checkpoint is on disk
                Thread t = new Thread(() -> said.set(notice.interrupt()));
                interrupter.set(t);
                t.start();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(1, new Checkpoint(tmp).completedEpochs(), "the disk still holds epoch 1 here");
            }
        };
        Trainer trainer = new Trainer(model(), TrainingConfig.builder().epochs(5).batchSize(32).cores(1).build(), notice,
                signal);
        assertThrows(TrainingInterruptedException.class, () -> trainer.fit(train, test, tmp, false));
        interrupter.get().join(10_000);
        assertEquals("Interrupted in epoch 2, step 4/4. The checkpoint holds epoch 2; resuming continues from there with "
                + "the run's stored settings.\nContinue with: resume " + tmp, said.get());
        assertEquals(2, new Checkpoint(tmp).completedEpochs(), "what the notice said is what a resume continues after");
    }

    @Test
    void theNoticeSaysWhereTheRunStopped() {
        InterruptionNotice loading = new InterruptionNotice(null, dir -> "resume " + dir);
        assertEquals("Interrupted while loading the data, before the run folder was made; nothing was trained.",
                loading.interrupt());

        InterruptionNotice first = new InterruptionNotice(tmp, dir -> "resume " + dir);
        first.onEpochStart(1, 3, 10);
        first.onStep(new StepEnd(1, 7, 10, 0.5f, 1, 0.5, 0.5));
        assertEquals("Interrupted in epoch 1, step 7/10. No epoch was completed, so resuming starts the run again from "
                + "epoch 1 with its stored settings.\nContinue with: resume " + tmp, first.interrupt());
        assertThrows(TrainingInterruptedException.class, () -> first.onStep(new StepEnd(1, 8, 10, 0.5f, 1, 0.5, 0.5)),
                "the trainer stops at its next step");

        InterruptionNotice done = new InterruptionNotice(tmp, dir -> "resume " + dir);
        done.close();
        assertNull(done.interrupt(), "a job that ended has nothing to explain");
    }
}
