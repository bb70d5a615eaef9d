package dev.udsotel.agent.instrumentation.otel;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry Java agent's own API, which it relocates under {@code io.opentelemetry.javaagent.shaded} and puts
 * in the bootstrap class loader: reached by reflection, since this agent's copy of the API is relocated too. Found
 * whatever the {@code -javaagent} order (looked up only once spans are built) and after an attach.
 */
final class JavaagentApi {
    /** Built at run time: the agent's build relocates literal "io.opentelemetry" names into its shaded copy. */
    static final String PREFIX =
            String.join(".", "io", "opentelemetry", "javaagent", "shaded", "io", "opentelemetry") + ".";

    static final String GLOBAL = PREFIX + "api.GlobalOpenTelemetry";

    final Method isSet;
    final Method getTracer;
    final Method spanBuilder;
    final Method setParent;
    final Method setNoParent;
    final Method builderSetAttribute;
    final Method setSpanKind;
    final Method setStartTimestamp;
    final Method startSpan;
    final Method spanSetAttribute;
    final Method addEvent;
    final Method setStatus;
    final Method end;
    final Method getSpanContext;
    final Method contextCreate;
    final Method traceFlagsFromByte;
    final Method traceStateDefault;
    final Method spanWrap;
    final Method contextRoot;
    final Method contextWith;
    final Method attributesEmpty;
    final Method traceId;
    final Method spanId;
    final Method traceFlags;
    final Method asByte;
    final Method stringKey;
    final Method longKey;
    final Method doubleKey;
    final Method booleanKey;
    final Method stringArrayKey;
    final Class<?> spanKind;
    final Class<?> statusCode;

    private JavaagentApi() throws ReflectiveOperationException {
        Class<?> global = type("api.GlobalOpenTelemetry");
        Class<?> tracer = type("api.trace.Tracer");
        Class<?> builder = type("api.trace.SpanBuilder");
        Class<?> span = type("api.trace.Span");
        Class<?> spanContext = type("api.trace.SpanContext");
        Class<?> flags = type("api.trace.TraceFlags");
        Class<?> state = type("api.trace.TraceState");
        Class<?> context = type("context.Context");
        Class<?> implicit = type("context.ImplicitContextKeyed");
        Class<?> key = type("api.common.AttributeKey");
        Class<?> attributes = type("api.common.Attributes");
        spanKind = type("api.trace.SpanKind");
        statusCode = type("api.trace.StatusCode");
        isSet = global.getMethod("isSet");
        getTracer = global.getMethod("getTracer", String.class, String.class);
        spanBuilder = tracer.getMethod("spanBuilder", String.class);
        setParent = builder.getMethod("setParent", context);
        setNoParent = builder.getMethod("setNoParent");
        builderSetAttribute = builder.getMethod("setAttribute", key, Object.class);
        setSpanKind = builder.getMethod("setSpanKind", spanKind);
        setStartTimestamp = builder.getMethod("setStartTimestamp", long.class, TimeUnit.class);
        startSpan = builder.getMethod("startSpan");
        spanSetAttribute = span.getMethod("setAttribute", key, Object.class);
        addEvent = span.getMethod("addEvent", String.class, attributes, long.class, TimeUnit.class);
        setStatus = span.getMethod("setStatus", statusCode, String.class);
        end = span.getMethod("end", long.class, TimeUnit.class);
        getSpanContext = span.getMethod("getSpanContext");
        contextCreate = spanContext.getMethod("create", String.class, String.class, flags, state);
        traceFlagsFromByte = flags.getMethod("fromByte", byte.class);
        traceStateDefault = state.getMethod("getDefault");
        spanWrap = span.getMethod("wrap", spanContext);
        contextRoot = context.getMethod("root");
        contextWith = context.getMethod("with", implicit);
        attributesEmpty = attributes.getMethod("empty");
        traceId = spanContext.getMethod("getTraceId");
        spanId = spanContext.getMethod("getSpanId");
        traceFlags = spanContext.getMethod("getTraceFlags");
        asByte = flags.getMethod("asByte");
        stringKey = key.getMethod("stringKey", String.class);
        longKey = key.getMethod("longKey", String.class);
        doubleKey = key.getMethod("doubleKey", String.class);
        booleanKey = key.getMethod("booleanKey", String.class);
        stringArrayKey = key.getMethod("stringArrayKey", String.class);
    }

    /** The agent's API when the OpenTelemetry Java agent runs in this JVM, else null. */
    static JavaagentApi find() {
        try {
            return new JavaagentApi();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Whether the OpenTelemetry Java agent has installed its SDK (never ask for it before: that would fix a no-op). */
    boolean started() {
        try {
            return (boolean) isSet.invoke(null);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    Object enumValue(Class<?> type, String name) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(PREFIX + name, false, null);
    }
}
