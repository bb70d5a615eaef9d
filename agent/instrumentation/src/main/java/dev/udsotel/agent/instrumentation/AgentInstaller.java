package dev.udsotel.agent.instrumentation;

import dev.udsotel.agent.instrumentation.channel.UnixChannelTransformations;
import dev.udsotel.agent.instrumentation.config.AgentConfig;
import dev.udsotel.agent.instrumentation.config.BadOptionException;
import dev.udsotel.agent.instrumentation.export.ExportLoop;
import dev.udsotel.agent.instrumentation.host.AgentProcess;
import dev.udsotel.agent.instrumentation.host.PeerIdentities;
import dev.udsotel.agent.instrumentation.library.LibraryTargets;
import dev.udsotel.agent.instrumentation.otel.JavaagentShutdown;
import dev.udsotel.agent.instrumentation.otel.JavaagentTracers;
import dev.udsotel.agent.instrumentation.record.ApplicationContext;
import dev.udsotel.agent.instrumentation.record.CutHeaderFrames;
import dev.udsotel.agent.instrumentation.record.EventQueue;
import dev.udsotel.agent.instrumentation.record.EventRecorder;
import dev.udsotel.agent.instrumentation.shed.ExchangeShedding;
import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.export.ExportSettings;
import dev.udsotel.core.export.TelemetryExport;
import dev.udsotel.core.link.BootId;
import dev.udsotel.core.protocol.ProtocolDecoders;
import dev.udsotel.core.protocol.http2.FrameCapture;
import dev.udsotel.core.redaction.Redaction;
import dev.udsotel.core.span.ExchangeSpans;
import dev.udsotel.core.span.MonotonicClock;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import sun.nio.ch.UdsOtelRecorder;

/** Wires the agent together. Whatever goes wrong is reported in one line and leaves the application untouched. */
public final class AgentInstaller {
    private static volatile boolean installed;

    private AgentInstaller() {}

    /**
     * Called reflectively by the launcher, once the bootstrap classes are defined in java.base.
     * @param classCache a directory private to this user for instrumented class files, or null for none
     * @param agentBuild what identifies this agent build in the class file cache
     */
    public static void install(
            Instrumentation instrumentation, String arguments, boolean attached, Path classCache, String agentBuild) {
        if (installed) {
            AgentLog.info("already running in this JVM; ignoring the second load");
            return;
        }
        try {
            AgentConfig config = AgentConfig.read(arguments, systemProperties(), System.getenv());
            if (!config.enabled()) {
                AgentLog.info("disabled by enabled=false");
                return;
            }
            start(instrumentation, config, attached, classCache, agentBuild);
            installed = true;
        } catch (BadOptionException e) {
            AgentLog.info(e.getMessage() + ". The agent is disabled; the application runs without it.");
        } catch (Throwable t) {
            disable(t);
        }
    }

    /** Stops every advice from reporting: the agent could not start, on the application's thread or the export thread. */
    private static void disable(Throwable cause) {
        UdsOtelRecorder.observer = null;
        LibraryTargets.silence();
        AgentLog.info("could not start (" + cause + "). The agent is disabled; the application runs without it.");
    }

    private static void start(
            Instrumentation instrumentation, AgentConfig config, boolean attached, Path classCache, String agentBuild)
            throws Exception {
        openJdkInternals(instrumentation);
        ProcessIdentity process = AgentProcess.current();
        MonotonicClock clock = new MonotonicClock();
        JavaagentShutdown javaagentExit = new JavaagentShutdown();
        AtomicReference<JavaagentTracers> tracers = new AtomicReference<>();
        PeerIdentities peers = new PeerIdentities();
        EventQueue queue = new EventQueue(config.queueSize());
        ApplicationContext applicationContext = new ApplicationContext();
        watchForApplicationApi(instrumentation, applicationContext);

        ExchangeShedding shedding = new ExchangeShedding();
        CutHeaderFrames cutHeaderFrames = new CutHeaderFrames();
        // the SDK's set-up loads about a thousand classes: a thread of its own builds it while the application starts
        Supplier<ExportLoop.Pipeline> pipeline = () -> {
            TelemetryExport export = TelemetryExport.start(new ExportSettings("dev.udsotel.agent", process, Map.of()));
            tracers.set(new JavaagentTracers(export, process, agentBuild, javaagentExit));
            shedding.countIn(export.meter());
            cutHeaderFrames.countIn(export.meter());
            return new ExportLoop.Pipeline(
                    export,
                    new ExchangeSpans(
                            tracers.get(),
                            new ProtocolDecoders(),
                            new Redaction(config.redaction(), config.rawPaths()),
                            clock,
                            export.counts(),
                            export.metrics(),
                            BootId.current()));
        };
        ExportLoop loop = new ExportLoop(config, queue, pipeline, AgentInstaller::disable, peers, clock, shedding);
        EventRecorder recorder =
                new EventRecorder(config, process, queue, applicationContext, peers, shedding, cutHeaderFrames);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                UdsOtelRecorder.observer = null;
                                LibraryTargets.silence();
                                loop.stop();
                                boolean bridged =
                                        tracers.get() != null && tracers.get().bridged();
                                if (cutHeaderFrames.count() > 0) {
                                    AgentLog.info("at exit: " + cutHeaderFrames.count()
                                            + " HTTP/2 header frames longer than "
                                            + FrameCapture.HEADER_FRAME_BOUND
                                            + " bytes were captured in part (the calls after each are named only"
                                            + " by what stayed certain)");
                                }
                                if (bridged || recorder.unsampledExchanges() > 0) {
                                    AgentLog.info("at exit: "
                                            + (bridged ? "spans went through the OpenTelemetry Java agent; " : "")
                                            + recorder.unsampledExchanges()
                                            + " exchanges not recorded because their parent span was not"
                                            + " sampled; " + loop.dataEvents() + " reads and writes and "
                                            + loop.handshakes()
                                            + " connects and accepts recorded");
                                }
                            } finally {
                                javaagentExit
                                        .runAdopted(); // after the last spans: they go through that agent's SDK before
                                // it closes
                            }
                        },
                        "uds-agent-shutdown"));
        javaagentExit.adopt(); // when the OpenTelemetry Java agent started first, or this one is attached
        UdsOtelRecorder.observer = recorder;
        System.setProperty("net.bytebuddy.nexus.disabled", "true");
        UnixChannelTransformations.install(instrumentation, classCache, agentBuild);
        LibraryTargets.install(instrumentation, recorder);
        AgentLog.info(
                "tracing Unix domain sockets in pid " + process.pid() + (attached ? " (attached)" : "") + "; exporter: "
                        + exporterName() + "; payload capture: " + config.payloadBytes() + " bytes per direction");
        loop.start();
    }

    /**
     * The agent reads a few private fields of the JDK's socket and principal classes, the number behind a
     * {@link java.io.FileDescriptor} (junixsocket's sockets), and the JVM's list of shutdown hooks ({@link JavaagentShutdown}).
     */
    private static void openJdkInternals(Instrumentation instrumentation) {
        Module base = Object.class.getModule();
        Module agent = AgentInstaller.class.getModule();
        instrumentation.redefineModule(
                base,
                Set.of(),
                Map.of(),
                Map.of(
                        "sun.nio.ch",
                        Set.of(agent),
                        "sun.nio.fs",
                        Set.of(agent),
                        "java.lang",
                        Set.of(agent),
                        "java.io",
                        Set.of(agent)),
                Set.of(),
                Map.of());
    }

    private static void watchForApplicationApi(Instrumentation instrumentation, ApplicationContext context) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(
                    ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (ApplicationContext.SPAN_INTERNAL_NAME.equals(className)) {
                    context.apiLoaded(loader);
                } else if (loader == null && ApplicationContext.JAVAAGENT_SPAN_INTERNAL_NAME.equals(className)) {
                    context.javaagentApiLoaded();
                }
                return null;
            }
        });
        for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
            if (loaded.getName().equals(ApplicationContext.SPAN_CLASS)) {
                context.apiLoaded(loaded.getClassLoader());
            } else if (loaded.getName().equals(ApplicationContext.JAVAAGENT_SPAN_CLASS)
                    && loaded.getClassLoader() == null) {
                context.javaagentApiLoaded();
            }
        }
    }

    private static String exporterName() {
        String configured = System.getProperty("otel.traces.exporter", System.getenv("OTEL_TRACES_EXPORTER"));
        return configured == null ? "otlp" : configured;
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> copy = new HashMap<>();
        System.getProperties().forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
        return copy;
    }
}
