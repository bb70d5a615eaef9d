package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.ParentContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads the application's current OpenTelemetry span (its own, unshaded API) so an exchange nests in the
 * application's trace. The agent learns the API's class loader when the application loads
 * {@code io.opentelemetry.api.trace.Span}; until then, and if anything fails, there is no parent.
 */
public final class ApplicationContext {
    /** Built at run time: the agent's build relocates literal "io.opentelemetry" names into its shaded copy. */
    private static final String API_PACKAGE = String.join(".", "io", "opentelemetry", "api", "trace") + ".";
    public static final String SPAN_CLASS = API_PACKAGE + "Span";
    public static final String SPAN_INTERNAL_NAME = SPAN_CLASS.replace('.', '/');

    private volatile ClassLoader apiLoader;
    private volatile Handles handles;
    private volatile boolean broken;

    /** Remembers the first loader that defines the application's OpenTelemetry API. */
    public void apiLoaded(ClassLoader loader) {
        if (apiLoader == null && loader != null) {
            apiLoader = loader;
        }
    }

    public ParentContext current() {
        Handles h = handles;
        if (h == null) {
            if (apiLoader == null || broken) {
                return null;
            }
            h = resolve();
            if (h == null) {
                return null;
            }
        }
        try {
            Object spanContext = h.getSpanContext.invokeExact(h.current.invokeExact());
            if (!(boolean) h.isValid.invokeExact(spanContext)) {
                return null;
            }
            String traceId = (String) h.traceId.invokeExact(spanContext);
            String spanId = (String) h.spanId.invokeExact(spanContext);
            byte flags = (byte) h.asByte.invokeExact(h.traceFlags.invokeExact(spanContext));
            return new ParentContext(traceId, spanId, flags);
        } catch (Throwable t) {
            broken = true;
            handles = null;
            return null;
        }
    }

    private synchronized Handles resolve() {
        if (handles != null) {
            return handles;
        }
        try {
            ClassLoader loader = apiLoader;
            Class<?> span = Class.forName(SPAN_CLASS, false, loader);
            Class<?> spanContext = Class.forName(API_PACKAGE + "SpanContext", false, loader);
            Class<?> traceFlags = Class.forName(API_PACKAGE + "TraceFlags", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType toObject = MethodType.methodType(Object.class, Object.class);
            handles = new Handles(
                    lookup.findStatic(span, "current", MethodType.methodType(span)).asType(MethodType.methodType(Object.class)),
                    lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext)).asType(toObject),
                    lookup.findVirtual(spanContext, "isValid", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)),
                    lookup.findVirtual(spanContext, "getTraceId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(spanContext, "getSpanId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(spanContext, "getTraceFlags", MethodType.methodType(traceFlags)).asType(toObject),
                    lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class))
                            .asType(MethodType.methodType(byte.class, Object.class)));
            return handles;
        } catch (Throwable t) {
            broken = true;
            return null;
        }
    }

    private record Handles(MethodHandle current, MethodHandle getSpanContext, MethodHandle isValid, MethodHandle traceId,
            MethodHandle spanId, MethodHandle traceFlags, MethodHandle asByte) {}
}
