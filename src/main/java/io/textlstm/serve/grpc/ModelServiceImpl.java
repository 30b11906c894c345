package io.textlstm.serve.grpc;

import io.grpc.stub.StreamObserver;
import io.textlstm.serve.core.ModelConfigFile;
import io.textlstm.serve.core.ModelStatus;
import io.textlstm.serve.core.RequestRecord;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServingCore;
import io.textlstm.serve.core.VersionStatus;
import io.textlstm.serve.proto.GetModelStatus;
import io.textlstm.serve.proto.ModelManagement;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelServerConfig;
import io.textlstm.serve.proto.ModelServiceGrpc;
import io.textlstm.serve.proto.Status;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.error.Code;

/**
 * {@code tensorflow.serving.ModelService}: the status of a model's versions, and {@code HandleReloadConfigRequest},
 * which applies a new {@code model_config_list} through {@link ServingCore#reload} (checked as a model config file is;
 * a config that fails changes nothing that serves) and answers when the new versions serve.
 */
final class ModelServiceImpl extends ModelServiceGrpc.ModelServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private final ServingCore core;
    /** Reloads wait for loads: never on a transport thread ({@link GrpcServer}), one at a time. */
    private final java.util.concurrent.ExecutorService reloads = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "textlstm-grpc-reload");
        t.setDaemon(true);
        return t;
    });

    ModelServiceImpl(ServingCore core) {
        this.core = core;
    }

    @Override
    public void getModelStatus(GetModelStatus.GetModelStatusRequest request,
            StreamObserver<GetModelStatus.GetModelStatusResponse> out) {
        RequestRecord record = core.metrics().startRequest().model(request.getModelSpec().getName()).api("(status)");
        GrpcCalls.answer(record, out, () -> CompletableFuture.completedFuture(
                response(core.status(GrpcCalls.spec(request.getModelSpec())))));
    }

    static GetModelStatus.GetModelStatusResponse response(ModelStatus s) {
        GetModelStatus.GetModelStatusResponse.Builder b = GetModelStatus.GetModelStatusResponse.newBuilder();
        for (VersionStatus v : s.versions()) {
            b.addModelVersionStatus(GetModelStatus.ModelVersionStatus.newBuilder()
                    .setVersion(v.version())
                    .setState(GetModelStatus.ModelVersionStatus.State.valueOf(v.state().name()))
                    .setStatus(Status.StatusProto.newBuilder()
                            .setErrorCode(Code.valueOf(v.errorCode().name()))
                            .setErrorMessage(v.errorMessage())));
        }
        return b.build();
    }

    @Override
    public void handleReloadConfigRequest(ModelManagement.ReloadConfigRequest request,
            StreamObserver<ModelManagement.ReloadConfigResponse> out) {
        RequestRecord record = core.metrics().startRequest().api("(reload_config)");
        GrpcCalls.answer(record, out, () -> CompletableFuture.supplyAsync(() -> reload(request), reloads));
    }

    private ModelManagement.ReloadConfigResponse reload(ModelManagement.ReloadConfigRequest request) {
        ModelServerConfig config = request.getConfig();
        if (config.getConfigCase() != ModelServerConfig.ConfigCase.MODEL_CONFIG_LIST) {
            // model_service_impl.cc's words
            throw ServeException.invalidArgument("ServerModelConfig type not supported by "
                    + "HandleReloadConfigRequest. Only ModelConfigList is currently supported");
        }
        ModelConfigFile.check(config);
        LOG.info("reloading the model config: models {}", config.getModelConfigList().getConfigList().stream()
                .map(m -> m.getName() + "=" + m.getBasePath()).toList());
        core.reload(ModelConfigFile.models(config), ModelConfigFile.labels(config));
        LOG.info("model config reloaded: serving {}", core.serving());
        return ModelManagement.ReloadConfigResponse.newBuilder()
                .setStatus(Status.StatusProto.newBuilder().setErrorCode(Code.OK)).build();
    }
}
