package io.textlstm.serve.grpc;

import com.google.protobuf.Int64Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.textlstm.BadInputException;
import io.textlstm.serve.core.ModelSpec;
import io.textlstm.serve.core.RequestRecord;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.proto.Model;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What every gRPC method does the same way: TF Serving's {@code ModelSpec} to the core's and back, a core error to the
 * gRPC status of the same name (never UNKNOWN: a failure that is not the request's is INTERNAL, logged once by the
 * request's {@link RequestRecord}), and one answer per call, recorded once.
 */
final class GrpcCalls {

    private GrpcCalls() {}

    /** The core's spec for a request's {@code model_spec}; ServerCore's words for a missing name. */
    static ModelSpec spec(Model.ModelSpec s) {
        if (s.getName().isEmpty()) {
            throw ServeException.invalidArgument("ModelSpec has no name specified.");
        }
        return switch (s.getVersionChoiceCase()) {
            case VERSION -> ModelSpec.specific(s.getName(), s.getVersion().getValue());
            case VERSION_LABEL -> ModelSpec.labeled(s.getName(), s.getVersionLabel());
            default -> ModelSpec.latest(s.getName());
        };
    }

    /** The answer's {@code model_spec}: the model, the version that answered, and the signature when there is one. */
    static Model.ModelSpec answered(String model, long version, String signature) {
        Model.ModelSpec.Builder b = Model.ModelSpec.newBuilder().setName(model).setVersion(Int64Value.of(version));
        if (signature != null) {
            b.setSignatureName(signature);
        }
        return b.build();
    }

    static StatusRuntimeException status(ServeException e) {
        // ServeStatus and gRPC share absl's canonical codes by name
        return Status.fromCode(Status.Code.valueOf(e.status().name())).withDescription(e.getMessage()).asRuntimeException();
    }

    /**
     * Runs {@code call} and answers its result, or the status of its failure; the record is finished once. A
     * {@link BadInputException} (a config the client sent) is INVALID_ARGUMENT.
     */
    static <T> void answer(RequestRecord record, StreamObserver<T> out, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> f;
        try {
            f = call.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((result, failure) -> {
            if (failure == null) {
                record.ok();
                out.onNext(result);
                out.onCompleted();
            } else {
                out.onError(status(record.failed(unwrapBadInput(failure))));
            }
        });
    }

    private static Throwable unwrapBadInput(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof BadInputException b) {
            return ServeException.invalidArgument(b.getMessage());
        }
        if (c instanceof IllegalStateException && String.valueOf(c.getMessage()).contains("closed")) {
            return ServeException.unavailable("the server is stopping: " + c.getMessage());
        }
        return t;
    }
}
