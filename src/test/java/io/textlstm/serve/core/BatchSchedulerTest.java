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

    /**
     * A queue whose requests are lists of row numbers and whose answers name their rows ("r3"); the run holding row 0
     * signals {@code running} and waits for {@code release}, so a test controls when that batch ends.
     */
    private static BatchScheduler.Queue<List<Integer>, List<String>> rowNamingQueue(BatchScheduler scheduler,
            CountDownLatch running, CountDownLatch release) {
        return scheduler.new Queue<>("m", "sig", requests -> {
            List<List<String>> out = new ArrayList<>();
            for (List<Integer> rows : requests) {
                if (rows.contains(0)) {
                    running.countDown();
                    await(release);
                }
                out.add(rows.stream().map(r -> "r" + r).toList());
            }
            return out;
        });
    }

    @Test
    void schedulerMergesWhileABatchRunsAndSplitsTheAnswers() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchingParameters p = new BatchingParameters(true, 4, 60_000_000, 2, 10);
        try (BatchScheduler scheduler = new BatchScheduler(p, (q, rows) -> sizes.add(rows))) {
            BatchScheduler.Queue<List<Integer>, List<String>> q = rowNamingQueue(scheduler, firstRunning, release);
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

    @Test
    void anIdleQueueWaitsForTheCallersOfItsLastBatchButNotForCompanyThatIsNotComing() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // one batch thread, a timeout no test waits for: only the row counts close batches here
        BatchingParameters p = new BatchingParameters(true, 8, 600_000_000, 1, 10);
        try (BatchScheduler scheduler = new BatchScheduler(p, (q, rows) -> sizes.add(rows))) {
            BatchScheduler.Queue<List<Integer>, List<String>> q = rowNamingQueue(scheduler, running, release);
            // a lone client, request after request: each runs at once (its last batch had its one row)
            assertEquals(List.of("r1"), submit(q, 1).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r2"), submit(q, 2).get(10, TimeUnit.SECONDS));
            // three callers gather while a batch runs, and run together once it is done
            CompletableFuture<List<String>> a = submit(q, 0);
            assertTrue(running.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<List<String>>> three = List.of(submit(q, 3), submit(q, 4), submit(q, 5));
            release.countDown();
            assertEquals(List.of("r0"), a.get(10, TimeUnit.SECONDS));
            for (CompletableFuture<List<String>> f : three) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertEquals(List.of(1, 1, 1, 3), sizes);
            // the queue is idle, but its last batch had 3 rows: the first caller back waits for the other two
            CompletableFuture<List<String>> first = submit(q, 6);
            Thread.sleep(200);
            assertFalse(first.isDone(), "a batch closed before the callers of the last one were back");
            CompletableFuture<List<String>> second = submit(q, 7);
            CompletableFuture<List<String>> third = submit(q, 8);
            assertEquals(List.of("r6"), first.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r7"), second.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r8"), third.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(1, 1, 1, 3, 3), sizes);
        }
        // with a short timeout, a caller whose company does not come back runs once the timeout has passed
        try (BatchScheduler scheduler = new BatchScheduler(new BatchingParameters(true, 8, 20_000, 1, 10), (q, rows) -> sizes.add(rows))) {
            BatchScheduler.Queue<List<Integer>, List<String>> q = scheduler.new Queue<>("m", "sig",
                    requests -> requests.stream().map(rows -> rows.stream().map(r -> "r" + r).toList()).toList());
            assertEquals(List.of("r1", "r2", "r3"), submit(q, 1, 2, 3).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("r4"), submit(q, 4).get(10, TimeUnit.SECONDS));
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
