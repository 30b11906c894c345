package io.textlstm.serve.rest;

import io.textlstm.serve.core.RequestRecord;
import io.textlstm.serve.core.ServeException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One REST request being answered: the only place its answer is written and its outcome recorded (metrics, and the
 * log for the server's own faults, through the core's {@link RequestRecord}). Answered exactly once, from whichever
 * thread finishes the request.
 */
final class RestCall {

    final Request request;
    final RequestRecord record;
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean answered = new AtomicBoolean();

    RestCall(Request request, Response response, Callback callback, RequestRecord record) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.record = record;
    }

    /** Answers 200 with a JSON body. */
    void ok(byte[] json) {
        if (answered.compareAndSet(false, true)) {
            record.ok();
            HttpReplies.send(response, callback, 200, HttpReplies.JSON, json);
        }
    }

    /** Answers with the error {@code failure} stands for ({@link RequestRecord#failed} says which). */
    void fail(Throwable failure) {
        if (answered.compareAndSet(false, true)) {
            ServeException e = record.failed(failure);
            HttpReplies.send(response, callback, e.httpStatus(), HttpReplies.JSON, HttpReplies.errorBody(e.getMessage()));
        }
    }

    /** Whether the answer was written (or is being written). */
    boolean answered() {
        return answered.get();
    }
}
