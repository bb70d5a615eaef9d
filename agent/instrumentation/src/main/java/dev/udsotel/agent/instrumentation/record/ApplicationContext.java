package dev.udsotel.agent.instrumentation.record;

import dev.udsotel.core.event.ParentContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reads the application's current OpenTelemetry span so an exchange nests in the application's trace: from the
 * OpenTelemetry Java agent's context when that agent runs in the JVM (its API, relocated under
 * {@code io.opentelemetry.javaagent.shaded}, in the bootstrap class loader: the context its instrumentation makes
 * current, with no OpenTelemetry class in the application), otherwise from the application's own, unshaded API. The
 * agent learns of either when its {@code Span} class is loaded; until then, and if anything fails, there is no parent.
 */
public final class ApplicationContext {
    /** Built at run time: the agent's build relocates literal "io.opentelemetry" names into its shaded copy. */
    private static final String API_PACKAGE = String.join(".", "io", "opentelemetry", "api", "trace") + ".";

    public static final String SPAN_CLASS = API_PACKAGE + "Span";
    public static final String SPAN_INTERNAL_NAME = SPAN_CLASS.replace('.', '/');
    private static final String JAVAAGENT_API_PACKAGE =
            String.join(".", "io", "opentelemetry", "javaagent", "shaded") + "." + API_PACKAGE;
    public static final String JAVAAGENT_SPAN_CLASS = JAVAAGENT_API_PACKAGE + "Span";
    public static final String JAVAAGENT_SPAN_INTERNAL_NAME = JAVAAGENT_SPAN_CLASS.replace('.', '/');

    private volatile ClassLoader apiLoader;
    /** The OpenTelemetry Java agent's API is in the bootstrap class loader; preferred to the application's. */
    private volatile boolean javaagentApi;

    private volatile Handles handles;
    private volatile boolean broken;

    /** Remembers the first loader that defines the application's OpenTelemetry API. */
    public void apiLoaded(ClassLoader loader) {
        if (apiLoader == null && loader != null) {
            apiLoader = loader;
        }
    }

    /** The OpenTelemetry Java agent's API was loaded: its context is read from now on. */
    public synchronized void javaagentApiLoaded() {
        if (!javaagentApi) {
            javaagentApi = true;
            handles = null;
            broken = false;
        }
    }

    public ParentContext current() {
        Handles h = handles;
        if (h == null) {
            if ((apiLoader == null && !javaagentApi) || broken) {
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
            boolean javaagent = javaagentApi;
            ClassLoader loader = javaagent ? null : apiLoader;
            String api = javaagent ? JAVAAGENT_API_PACKAGE : API_PACKAGE;
            Class<?> span = Class.forName(api + "Span", false, loader);
            Class<?> spanContext = Class.forName(api + "SpanContext", false, loader);
            Class<?> traceFlags = Class.forName(api + "TraceFlags", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodType toObject = MethodType.methodType(Object.class, Object.class);
            handles = new Handles(
                    lookup.findStatic(span, "current", MethodType.methodType(span))
                            .asType(MethodType.methodType(Object.class)),
                    lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext))
                            .asType(toObject),
                    lookup.findVirtual(spanContext, "isValid", MethodType.methodType(boolean.class))
                            .asType(MethodType.methodType(boolean.class, Object.class)),
                    lookup.findVirtual(spanContext, "getTraceId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(spanContext, "getSpanId", MethodType.methodType(String.class))
                            .asType(MethodType.methodType(String.class, Object.class)),
                    lookup.findVirtual(spanContext, "getTraceFlags", MethodType.methodType(traceFlags))
                            .asType(toObject),
                    lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class))
                            .asType(MethodType.methodType(byte.class, Object.class)));
            return handles;
        } catch (Throwable t) {
            broken = true;
            return null;
        }
    }

    private record Handles(
            MethodHandle current,
            MethodHandle getSpanContext,
            MethodHandle isValid,
            MethodHandle traceId,
            MethodHandle spanId,
            MethodHandle traceFlags,
            MethodHandle asByte) {}
}
