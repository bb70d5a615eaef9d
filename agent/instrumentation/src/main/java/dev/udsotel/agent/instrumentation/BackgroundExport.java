package dev.udsotel.agent.instrumentation;

import dev.udsotel.agent.instrumentation.export.ExportLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import sun.nio.ch.UdsOtelChannelObserver;
import sun.nio.ch.UdsOtelRecorder;

/**
 * Starts the OpenTelemetry SDK and the export loop on a thread of their own, so premain does not wait for SDK
 * autoconfigure (a few hundred milliseconds of class loading). Meanwhile the advice already records into the bounded
 * queue, through an observer that notes that it was called. At exit, a JVM whose channels recorded nothing while the
 * SDK was still starting has nothing to export and is not held up; otherwise the start is awaited and the loop stopped,
 * which exports everything queued.
 */
final class BackgroundExport {
    /** As long as a start of the SDK in premain could have taken on a loaded machine; only reached when it is that slow. */
    private static final long AWAIT_START_AT_EXIT_SECONDS = 30;

    private final UdsOtelChannelObserver recorder;
    private final StartUpObserver startUp;
    private final Thread starter;
    private ExportLoop loop;
    private boolean stopping;

    BackgroundExport(UdsOtelChannelObserver recorder, Callable<ExportLoop> sdkAndLoop) {
        this.recorder = recorder;
        this.startUp = new StartUpObserver(recorder);
        this.starter = new Thread(() -> start(sdkAndLoop), "uds-agent-start");
        this.starter.setDaemon(true);
    }

    /** Recording begins now; the export loop takes over the queue once the SDK is configured. */
    void start() {
        UdsOtelRecorder.observer = startUp;
        starter.start();
    }

    private void start(Callable<ExportLoop> sdkAndLoop) {
        try {
            ExportLoop started = sdkAndLoop.call();
            started.start();
            synchronized (this) {
                loop = started;
                if (!stopping) {
                    UdsOtelRecorder.observer = recorder;
                }
            }
        } catch (Throwable t) {
            synchronized (this) {
                UdsOtelRecorder.observer = null;
            }
            AgentLog.info("could not start the exporter (" + t + "). The agent is disabled; the application runs without it.");
        }
    }

    /** At exit: stops recording, and exports what was recorded unless nothing was while the SDK was starting. */
    void stop() {
        ExportLoop started;
        synchronized (this) {
            stopping = true;
            UdsOtelRecorder.observer = null;
            started = loop;
        }
        if (started == null) {
            if (!startUp.called()) {
                return;
            }
            try {
                starter.join(TimeUnit.SECONDS.toMillis(AWAIT_START_AT_EXIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                started = loop;
            }
            if (started == null && starter.isAlive()) {
                AgentLog.info("the exporter was still starting at exit after " + AWAIT_START_AT_EXIT_SECONDS
                        + " s; what was recorded is not exported");
            }
        }
        if (started != null) {
            started.stop();
        }
    }
}
