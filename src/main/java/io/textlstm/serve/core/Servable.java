package io.textlstm.serve.core;

import java.util.Map;

/**
 * A loaded model version's runtime, as the core runs it: its signatures, the checks a signature def cannot express,
 * and a run of one signature over rows that may come from several requests. {@link LoadedVersion} puts batching in
 * front of it and counts the requests using it; {@link VersionLoader} makes one.
 */
interface Servable extends AutoCloseable {

    ModelSignatures signatures();

    /**
     * Refuses, before the request can join (and spoil) a shared batch, what the model would fail on although the
     * signature def allows it: text over the server's length limit, ids outside the vocabulary, a signature this
     * servable does not run.
     *
     * @param inputs already checked against the signature def's names, dtypes and shapes
     * @throws ServeException INVALID_ARGUMENT naming the problem
     */
    void check(String signature, Map<String, HostTensor> inputs, RequestLimits limits);

    /** Runs {@code signature}; returns every output by alias, with as many rows as the inputs. */
    Map<String, HostTensor> run(String signature, Map<String, HostTensor> inputs);

    /** Frees the session; runs in flight finish first. */
    @Override
    void close();
}
