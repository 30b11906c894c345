package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batch scheduler alone: requests merge while a batch runs, batches close when full, each caller gets its answer. */
class BatchSchedulerTest {

    @Test
    void schedulerMergesWhileABatchRunsAndSplitsTheAnswers() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchingParameters p = new BatchingParameters(true, 4, 60_000_000, 2, 10);
        try (BatchScheduler scheduler = new BatchScheduler(p, (q, rows) -> sizes.add(rows))) {
            // a request is a list of row numbers; its answer names its rows
            BatchScheduler.Queue<List<Integer>, List<String>> q = scheduler.new Queue<>("m", "sig", requests -> {
                List<List<String>> out = new ArrayList<>();
                for (List<Integer> rows : requests) {
                    if (rows.contains(0)) {
                        firstRunning.countDown();
                        await(release);
                    }
                    List<String> answer = new ArrayList<>();
                    rows.forEach(r -> answer.add("r" + r));
                    out.add(answer);
                }
                return out;
            });
            CompletableFuture<List<String>> a = submit(q, 0); // runs at once: nothing else is running
            assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
            CompletableFuture<List<String>> b = submit(q, 1);
            CompletableFuture<List<String>> c = submit(q, 2, 3);
            CompletableFuture<List<String>> d = submit(q, 4); // fills the batch of 4 rows: closed
            CompletableFuture<List<String>> e = submit(q, 5, 6, 7, 8, 9); // bigger than a batch: runs alone
            assertEquals(List.of("r1"), b.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r2", "r3"), c.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r4"), d.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r5", "r6", "r7", "r8", "r9"), e.get(10, TimeUnit.SECONDS));
            assertFalse(a.isDone());
            release.countDown();
            assertEquals(List.of("r0"), a.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(1, 4, 5), sizes.stream().sorted().toList());
        }
    }

    private static CompletableFuture<List<String>> submit(BatchScheduler.Queue<List<Integer>, List<String>> q, Integer... rows) {
        return q.submit(List.of(rows), rows.length);
    }

    static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
