package io.textlstm.serve.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Merges concurrent requests into one model run, with TF Serving's batching parameters (docs/serving.md).
 *
 * <p>Each model version and signature has a {@link Queue}. Requests join the queue's open batch; the batch closes
 * when it holds {@code max_batch_size} rows; while a batch of that queue runs, when {@code batch_timeout_micros}
 * have passed since its first request; when none runs, as {@link #refillDue} says (a lone request does not wait for
 * company that is not coming, and under load a batch waits for the callers just answered).
 * {@code num_batch_threads} threads, shared by all queues, run closed batches in arrival order; each caller gets
 * its own answer back. A queue's runner merges the requests of a batch and splits the answer ({@link BatchingSession}
 * concatenates tensors along their rows, as TF Serving's {@code BatchingSession} does).
 */
final class BatchScheduler implements AutoCloseable {

    /** What the scheduler reports after each run (the metrics). */
    interface Listener {
        void batchRun(Queue<?, ?> queue, int rows);
    }

    private final BatchingParameters params;
    private final Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Batch<?, ?>> ready = new ArrayDeque<>();
    private final Set<Queue<?, ?>> open = new LinkedHashSet<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    BatchScheduler(BatchingParameters params, Listener listener) {
        this.params = params;
        this.listener = listener;
        for (int i = 0; i < params.numBatchThreads(); i++) {
            Thread t = new Thread(this::work, "textlstm-batch-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /**
     * The requests of one model version and one signature; {@code runner} runs the requests of a batch as one model
     * run and returns one answer per request, in order.
     */
    final class Queue<T, R> {
        final String model;
        final String signature;
        private final Function<List<T>, List<R>> runner;
        private Batch<T, R> openBatch;
        private int running;
        private int waiting;
        /** Rows of the batch that finished last (its callers are likely to come back), and when it finished. */
        private int lastRows;
        private long lastEnd;

        Queue(String model, String signature, Function<List<T>, List<R>> runner) {
            this.model = model;
            this.signature = signature;
            this.runner = runner;
        }

        /** Adds one request of {@code rows} rows; the future completes with its answer. */
        CompletableFuture<R> submit(T request, int rows) {
            Task<T, R> task = new Task<>(request, rows, new CompletableFuture<>());
            lock.lock();
            try {
                if (closed) {
                    throw ServeException.unavailable("the server is shutting down");
                }
                if (rows >= params.maxBatchSize()) {
                    // too big to share a batch: it runs alone, as one batch
                    Batch<T, R> alone = new Batch<>(this, 0);
                    alone.add(task);
                    enqueue(alone);
                } else {
                    if (openBatch != null && openBatch.rows + rows > params.maxBatchSize()) {
                        enqueue(openBatch);
                        openBatch = null;
                    }
                    if (openBatch == null) {
                        if (waiting >= params.maxEnqueuedBatches()) {
                            throw ServeException.unavailable("the batch queue of model " + model + ", signature " + signature
                                    + " is full (" + waiting + " batches waiting, max_enqueued_batches); retry later");
                        }
                        openBatch = new Batch<>(this, System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(params.batchTimeoutMicros()));
                        open.add(this);
                    }
                    openBatch.add(task);
                    if (openBatch.rows >= params.maxBatchSize()) {
                        enqueue(openBatch);
                        openBatch = null;
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            return task.future;
        }

        private void enqueue(Batch<T, R> b) {
            if (b == openBatch) {
                open.remove(this);
            }
            waiting++;
            ready.add(b);
        }
    }

    private record Task<T, R>(T request, int rows, CompletableFuture<R> future) {}

    private static final class Batch<T, R> {
        final Queue<T, R> queue;
        final long deadline;
        final List<Task<T, R>> tasks = new ArrayList<>();
        int rows;

        Batch(Queue<T, R> queue, long deadline) {
            this.queue = queue;
            this.deadline = deadline;
        }

        void add(Task<T, R> t) {
            tasks.add(t);
            rows += t.rows;
        }
    }

    private void work() {
        while (true) {
            Batch<?, ?> b = next();
            if (b == null) {
                return;
            }
            run(b);
        }
    }

    /** Waits for a batch to run; null when closed and drained. */
    private Batch<?, ?> next() {
        lock.lock();
        try {
            while (true) {
                Batch<?, ?> b = ready.poll();
                if (b == null) {
                    long now = System.nanoTime();
                    long wait = Long.MAX_VALUE;
                    for (Queue<?, ?> q : open) {
                        Batch<?, ?> ob = q.openBatch;
                        long due = closed ? now : q.running > 0 ? ob.deadline : refillDue(q, ob, now);
                        if (now - due >= 0) {
                            q.openBatch = null;
                            b = ob;
                            break;
                        }
                        wait = Math.min(wait, due - now);
                    }
                    if (b != null) {
                        open.remove(b.queue);
                        b.queue.waiting++;
                    } else if (closed) {
                        return null;
                    } else {
                        try {
                            if (wait == Long.MAX_VALUE) {
                                changed.await();
                            } else {
                                changed.awaitNanos(wait);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        }
                        continue;
                    }
                }
                b.queue.waiting--;
                b.queue.running++;
                return b;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * When the open batch of a queue with no batch running closes: at once when it holds at least as many rows as the
     * batch that finished last (a lone client never waits), else when those rows are back or
     * {@code batch_timeout_micros} after that batch finished. Closing at once on every idle moment made the batches
     * alternate in size under load (a, then max − a: the callers of the batch just answered had not come back yet),
     * and a small batch pays a whole run's fixed cost (results/serving-profile.md).
     */
    private long refillDue(Queue<?, ?> q, Batch<?, ?> ob, long now) {
        if (ob.rows >= Math.min(q.lastRows, params.maxBatchSize())) {
            return now;
        }
        return q.lastEnd + TimeUnit.MICROSECONDS.toNanos(params.batchTimeoutMicros());
    }

    private <T, R> void run(Batch<T, R> b) {
        try {
            List<T> all = new ArrayList<>(b.tasks.size());
            for (Task<T, R> t : b.tasks) {
                all.add(t.request);
            }
            List<R> results;
            try {
                results = b.queue.runner.apply(all);
            } catch (RuntimeException | Error e) {
                for (Task<T, R> t : b.tasks) {
                    t.future.completeExceptionally(e);
                }
                return;
            }
            listener.batchRun(b.queue, b.rows);
            for (int i = 0; i < b.tasks.size(); i++) {
                b.tasks.get(i).future.complete(results.get(i));
            }
        } finally {
            lock.lock();
            try {
                b.queue.running--;
                b.queue.lastRows = b.rows;
                b.queue.lastEnd = System.nanoTime();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs what is queued, then stops the batch threads. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
