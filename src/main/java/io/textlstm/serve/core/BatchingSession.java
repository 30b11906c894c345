package io.textlstm.serve.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Merges the requests on one loaded version, as TF Serving's {@code BatchingSession} does: each signature (and shape
 * of a row, when a signature leaves it open) has its queue in the shared {@link BatchScheduler}; a batch's inputs are
 * concatenated along their first dimension, run as one model run, and every output is split back into each
 * request's rows.
 */
final class BatchingSession implements ServableSession {

    private final String model;
    private final Servable servable;
    private final BatchScheduler scheduler;
    private final Map<String, BatchScheduler.Queue<Map<String, HostTensor>, Map<String, HostTensor>>> queues =
            new ConcurrentHashMap<>();

    BatchingSession(String model, Servable servable, BatchScheduler scheduler) {
        this.model = model;
        this.servable = servable;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<Map<String, HostTensor>> run(String signature, Map<String, HostTensor> inputs, int rows) {
        StringBuilder key = new StringBuilder(signature);
        for (Map.Entry<String, HostTensor> in : inputs.entrySet()) {
            long[] shape = in.getValue().shape();
            key.append('|').append(in.getKey()).append(HostTensor.shapeString(java.util.Arrays.copyOfRange(shape, 1, shape.length)));
        }
        try {
            return queues.computeIfAbsent(key.toString(), k -> scheduler.new Queue<>(model, signature, batch -> runMerged(signature, batch)))
                    .submit(inputs, rows);
        } catch (ServeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private List<Map<String, HostTensor>> runMerged(String signature, List<Map<String, HostTensor>> requests) {
        if (requests.size() == 1) {
            return List.of(servable.run(signature, requests.get(0)));
        }
        Map<String, HostTensor> merged = new LinkedHashMap<>();
        for (String name : requests.get(0).keySet()) {
            List<HostTensor> parts = new ArrayList<>(requests.size());
            for (Map<String, HostTensor> r : requests) {
                parts.add(r.get(name));
            }
            merged.put(name, HostTensor.concat(parts));
        }
        Map<String, HostTensor> outputs = servable.run(signature, merged);
        List<Map<String, HostTensor>> answers = new ArrayList<>(requests.size());
        int from = 0;
        for (Map<String, HostTensor> r : requests) {
            int to = from + r.values().iterator().next().rows();
            Map<String, HostTensor> mine = new LinkedHashMap<>();
            for (Map.Entry<String, HostTensor> o : outputs.entrySet()) {
                mine.put(o.getKey(), o.getValue().rows(from, to));
            }
            answers.add(mine);
            from = to;
        }
        return answers;
    }
}
