package dev.udsotel.core.export;

import dev.udsotel.core.event.ProcessIdentity;
import dev.udsotel.core.link.DerivedIds;
import dev.udsotel.core.metrics.ExchangeMetrics;
import dev.udsotel.core.span.TracerSource;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.semconv.ServiceAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK, configured by the standard OTEL_* environment variables and otel.* system properties
 * (exporter, endpoint, protocol, headers, sampler, service name, resource attributes, batch settings).
 * Spans of the process named in the settings use the autoconfigured SDK as it is; every other observed
 * process gets a resource of its own that shares the configured exporters and sampler.
 */
public final class TelemetryExport implements TracerSource, AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
    /** uds-otel exports no logs; without this the SDK would start a log exporter. */
    private static final Map<String, String> UNUSED_SIGNALS = Map.of("otel.logs.exporter", "none");

    private final OpenTelemetrySdk sdk;
    private final String instrumentationName;
    private final ProcessIdentity self;
    private final Resource baseResource;
    private final boolean serviceNameConfigured;
    private final Sampler sampler;
    private final SpanExporter othersExporter;
    private final ConfigProperties config;
    private volatile SpanProcessor othersProcessor;
    private final Map<Long, Tracer> othersTracers = new ConcurrentHashMap<>();
    private final Tracer selfTracer;
    private final ExportCounts counts;
    private final ExchangeMetrics metrics;

    private TelemetryExport(Builder b, OpenTelemetrySdk sdk, ProcessIdentity self, String instrumentationName) {
        this.sdk = sdk;
        this.instrumentationName = instrumentationName;
        this.self = self;
        this.baseResource = b.resource;
        this.serviceNameConfigured = b.serviceNameConfigured;
        this.sampler = b.sampler == null ? Sampler.parentBased(Sampler.alwaysOn()) : b.sampler;
        this.othersExporter = b.exporters.isEmpty() ? null : new SharedExporter(SpanExporter.composite(b.exporters));
        this.config = b.config;
        this.selfTracer = sdk.getTracer(instrumentationName);
        this.counts = b.counts;
        this.metrics = new ExchangeMetrics(sdk.getMeter(instrumentationName), self == null ? -1 : self.pid());
        if (b.config != null) {
            Integer queue = b.config.getInt("otel.bsp.max.queue.size");
            if (queue != null) {
                counts.queueSize(queue);
            }
        }
    }

    /** The metrics of every exchange; used by the one thread that builds spans. */
    public ExchangeMetrics metrics() {
        return metrics;
    }

    /** The meter of the configured metrics exporter ({@code OTEL_METRICS_EXPORTER}), for counts kept elsewhere. */
    public io.opentelemetry.api.metrics.Meter meter() {
        return sdk.getMeter(instrumentationName);
    }

    /** What became of the spans; the span builder reports each sampled span it ends here. */
    public ExportCounts counts() {
        return counts;
    }

    /** Configures the SDK; throws {@link io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException} on bad settings. */
    public static TelemetryExport start(ExportSettings settings) {
        Builder b = new Builder();
        Map<String, String> defaults = new java.util.HashMap<>(UNUSED_SIGNALS);
        defaults.put("otel.metrics.exporter", MetricsDefault.follow(settings.defaults()));
        defaults.putAll(settings.defaults());
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addResourceCustomizer((resource, config) -> b.resource(resource, config, settings.self()))
                .addSamplerCustomizer((sampler, config) -> b.sampler = sampler)
                .addTracerProviderCustomizer((provider, config) -> provider.setIdGenerator(DerivedIds.GENERATOR))
                .addSpanExporterCustomizer((configured, config) -> {
                    SpanExporter exporter = b.counts.counting(StandardErrorExporters.replaceLogging(configured));
                    b.exporters.add(exporter);
                    return exporter;
                })
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new TelemetryExport(b, sdk, settings.self(), settings.instrumentationName());
    }

    @Override
    public Tracer tracerFor(ProcessIdentity process) {
        if (self != null && process.pid() == self.pid()) {
            return selfTracer;
        }
        return othersTracers.computeIfAbsent(process.pid(), pid -> tracerOfOther(process));
    }

    /** Forgets an exited process's resource. */
    public void forget(long pid) {
        othersTracers.remove(pid);
    }

    public void flush() {
        sdk.getSdkTracerProvider().forceFlush().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        SpanProcessor others = othersProcessor;
        if (others != null) {
            others.forceFlush().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Flushes and shuts down, giving up after three seconds so a hanging endpoint cannot hold the process. */
    @Override
    public void close() {
        SpanProcessor others = othersProcessor;
        if (others != null) {
            others.shutdown().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        sdk.shutdown().join(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Tracer tracerOfOther(ProcessIdentity process) {
        if (othersExporter == null) {
            return io.opentelemetry.api.trace.TracerProvider.noop().get(instrumentationName);
        }
        return SdkTracerProvider.builder()
                .setResource(ProcessResources.describe(baseResource, process, serviceNameConfigured))
                .setSampler(sampler)
                .setIdGenerator(DerivedIds.GENERATOR)
                .addSpanProcessor(othersProcessor())
                .build()
                .get(instrumentationName);
    }

    private synchronized SpanProcessor othersProcessor() {
        if (othersProcessor == null) {
            othersProcessor = batchProcessor(othersExporter, config);
        }
        return othersProcessor;
    }

    /** The configured exporters, shared with the SDK's own processor, which alone shuts them down. */
    private static final class SharedExporter implements SpanExporter {
        private final SpanExporter delegate;

        SharedExporter(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode export(
                java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
            return delegate.export(spans);
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return delegate.flush();
        }
    }

    private static SpanProcessor batchProcessor(SpanExporter exporter, ConfigProperties config) {
        var builder = BatchSpanProcessor.builder(exporter);
        if (config != null) {
            Duration delay = config.getDuration("otel.bsp.schedule.delay");
            if (delay != null) {
                builder.setScheduleDelay(delay);
            }
            Integer queue = config.getInt("otel.bsp.max.queue.size");
            if (queue != null) {
                builder.setMaxQueueSize(queue);
            }
            Integer batch = config.getInt("otel.bsp.max.export.batch.size");
            if (batch != null) {
                builder.setMaxExportBatchSize(batch);
            }
            Duration timeout = config.getDuration("otel.bsp.export.timeout");
            if (timeout != null) {
                builder.setExporterTimeout(timeout);
            }
        }
        return builder.build();
    }

    /** Collects what autoconfigure decided, through its customizer hooks. */
    private static final class Builder {
        final List<SpanExporter> exporters = new CopyOnWriteArrayList<>();
        final ExportCounts counts = new ExportCounts();
        Resource resource = Resource.getDefault();
        boolean serviceNameConfigured;
        Sampler sampler;
        ConfigProperties config;

        Resource resource(Resource autoconfigured, ConfigProperties config, ProcessIdentity self) {
            this.config = config;
            this.serviceNameConfigured = config.getString("otel.service.name") != null
                    || config.getMap("otel.resource.attributes").containsKey(ServiceAttributes.SERVICE_NAME.getKey());
            this.resource = autoconfigured;
            return self == null
                    ? autoconfigured
                    : ProcessResources.describe(autoconfigured, self, serviceNameConfigured);
        }
    }
}
