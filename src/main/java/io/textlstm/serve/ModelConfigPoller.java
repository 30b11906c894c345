package io.textlstm.serve;

import io.textlstm.BadInputException;
import io.textlstm.serve.core.ModelConfigFile;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServingCore;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --model-config-file-poll-wait-seconds}: reads the model config file again every interval and, when its
 * config changed, applies it as TF Serving's server does ({@link ServingCore#reload}). A file that is refused (it does
 * not parse, breaks a rule, names a base path that does not exist) is logged with its line and field and changes
 * nothing: the running config keeps serving.
 */
final class ModelConfigPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private final ServingCore core;
    private final Path file;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "textlstm-config-poll");
        t.setDaemon(true);
        return t;
    });
    private ModelServerConfig applied;
    private String refused;

    private ModelConfigPoller(ServingCore core, Path file) {
        this.core = core;
        this.file = file;
    }

    static ModelConfigPoller start(ServingCore core, Path file, Duration interval) {
        ModelConfigPoller p = new ModelConfigPoller(core, file);
        p.applied = ModelConfigFile.read(file);
        long ms = interval.toMillis();
        p.timer.scheduleWithFixedDelay(p::poll, ms, ms, TimeUnit.MILLISECONDS);
        return p;
    }

    private void poll() {
        ModelServerConfig next;
        try {
            next = ModelConfigFile.read(file);
        } catch (BadInputException e) {
            refuse(e.getMessage());
            return;
        }
        if (next.equals(applied)) {
            refused = null;
            return;
        }
        try {
            LOG.info("model config file {} changed: applying it", file);
            core.reload(ModelConfigFile.models(next), ModelConfigFile.labels(next));
            applied = next;
            refused = null;
            LOG.info("model config applied: serving {}", core.serving());
        } catch (BadInputException | ServeException e) {
            // tried again at the next poll (a base path may appear, a version may finish loading)
            refuse(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("applying the model config file {} failed", file, e);
        }
    }

    /** Logs a refusal once, until the file or the reason changes. */
    private void refuse(String why) {
        if (!why.equals(refused)) {
            LOG.error("model config file {} refused, the running config keeps serving:\n{}", file, why);
            refused = why;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
