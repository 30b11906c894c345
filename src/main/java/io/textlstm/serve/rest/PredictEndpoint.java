package io.textlstm.serve.rest;

import io.textlstm.serve.core.ModelSpec;
import io.textlstm.serve.core.RequestLimits;
import io.textlstm.serve.core.ServableHandle;
import io.textlstm.serve.core.ServingCore;

/**
 * Answers {@code POST /v1/models/{name}[/versions/{v}]:predict} (docs/serving.md, "API"): reads the body without
 * holding a thread, takes a handle on the version, parses the body against its signatures and runs the request
 * through the core, which checks it and batches it; the thread that finishes the run writes TF Serving's answer JSON.
 */
final class PredictEndpoint {

    private final ServingCore core;
    private final Drain drain;

    PredictEndpoint(ServingCore core, Drain drain) {
        this.core = core;
        this.drain = drain;
    }

    void predict(RestCall call, ModelSpec spec) {
        call.record.model(spec.name());
        RequestLimits limits = core.limits();
        RequestBodyReader.read(call.request, limits.maxBodyBytes(), limits.bodyTimeout(), drain,
                body -> run(call, spec, body), call::fail);
    }

    private void run(RestCall call, ModelSpec spec, byte[] body) {
        try (ServableHandle version = core.servable(spec)) {
            PredictBodyParser.Parsed parsed = PredictBodyParser.parse(body, version.signatures(), core.limits());
            call.record.signature(parsed.request().signatureName(), version.signatures());
            version.predict(parsed.request()).whenComplete((result, failure) -> {
                if (failure != null) {
                    call.fail(failure);
                } else {
                    try {
                        call.ok(PredictResponseJson.write(parsed.format(), result));
                    } catch (RuntimeException e) {
                        call.fail(e);
                    }
                }
            });
        } catch (RuntimeException e) {
            call.fail(e);
        }
    }
}
