package dev.udsotel.agent.instrumentation.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A tracer of this agent's API whose spans are made by a tracer of the OpenTelemetry Java agent: they go through that
 * agent's SDK (its resource, sampler, processors and exporter). Covers what the span builder uses: kind, start and
 * end times, typed attributes, a parent given by ids, an event, a status. Used by the export thread only.
 */
final class BridgedTracer implements Tracer {
    private final JavaagentApi api;
    private final Object tracer;
    private final Map<AttributeKey<?>, Object> keys = new ConcurrentHashMap<>();

    BridgedTracer(JavaagentApi api, Object tracer) {
        this.api = api;
        this.tracer = tracer;
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
        return new Builder(call(api.spanBuilder, tracer, spanName));
    }

    static Object call(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object keyOf(AttributeKey<?> key) {
        return keys.computeIfAbsent(
                key,
                k -> call(
                        switch (k.getType()) {
                            case STRING -> api.stringKey;
                            case LONG -> api.longKey;
                            case DOUBLE -> api.doubleKey;
                            case BOOLEAN -> api.booleanKey;
                            case STRING_ARRAY -> api.stringArrayKey;
                            default -> throw new IllegalArgumentException("attribute type " + k.getType());
                        },
                        null,
                        k.getKey()));
    }

    private final class Builder implements SpanBuilder {
        private final Object builder;

        Builder(Object builder) {
            this.builder = builder;
        }

        @Override
        public SpanBuilder setParent(Context context) {
            SpanContext parent = Span.fromContext(context).getSpanContext();
            if (!parent.isValid()) {
                return setNoParent();
            }
            Object flags =
                    call(api.traceFlagsFromByte, null, parent.getTraceFlags().asByte());
            Object spanContext = call(
                    api.contextCreate,
                    null,
                    parent.getTraceId(),
                    parent.getSpanId(),
                    flags,
                    call(api.traceStateDefault, null));
            Object parentContext =
                    call(api.contextWith, call(api.contextRoot, null), call(api.spanWrap, null, spanContext));
            call(api.setParent, builder, parentContext);
            return this;
        }

        @Override
        public SpanBuilder setNoParent() {
            call(api.setNoParent, builder);
            return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext) {
            return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, String value) {
            return setAttribute(AttributeKey.stringKey(key), value);
        }

        @Override
        public SpanBuilder setAttribute(String key, long value) {
            return setAttribute(AttributeKey.longKey(key), value);
        }

        @Override
        public SpanBuilder setAttribute(String key, double value) {
            return setAttribute(AttributeKey.doubleKey(key), value);
        }

        @Override
        public SpanBuilder setAttribute(String key, boolean value) {
            return setAttribute(AttributeKey.booleanKey(key), value);
        }

        @Override
        public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
            if (value != null) {
                call(api.builderSetAttribute, builder, keyOf(key), value);
            }
            return this;
        }

        @Override
        public SpanBuilder setSpanKind(SpanKind spanKind) {
            call(api.setSpanKind, builder, api.enumValue(api.spanKind, spanKind.name()));
            return this;
        }

        @Override
        public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
            call(api.setStartTimestamp, builder, startTimestamp, unit);
            return this;
        }

        @Override
        public Span startSpan() {
            return new Bridged(call(api.startSpan, builder));
        }
    }

    private final class Bridged implements Span {
        private final Object span;

        Bridged(Object span) {
            this.span = span;
        }

        @Override
        public <T> Span setAttribute(AttributeKey<T> key, T value) {
            if (value != null) {
                call(api.spanSetAttribute, span, keyOf(key), value);
            }
            return this;
        }

        @Override
        public Span addEvent(String name, Attributes attributes) {
            return addEvent(name, attributes, System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
            call(api.addEvent, span, name, call(api.attributesEmpty, null), timestamp, unit);
            return this;
        }

        @Override
        public Span setStatus(StatusCode statusCode, String description) {
            call(api.setStatus, span, api.enumValue(api.statusCode, statusCode.name()), description);
            return this;
        }

        @Override
        public Span recordException(Throwable exception, Attributes additionalAttributes) {
            return this;
        }

        @Override
        public Span updateName(String name) {
            return this;
        }

        @Override
        public void end() {
            end(System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void end(long timestamp, TimeUnit unit) {
            call(api.end, span, timestamp, unit);
        }

        @Override
        public SpanContext getSpanContext() {
            Object context = call(api.getSpanContext, span);
            byte flags = (byte) call(api.asByte, call(api.traceFlags, context));
            return SpanContext.create(
                    (String) call(api.traceId, context),
                    (String) call(api.spanId, context),
                    TraceFlags.fromByte(flags),
                    TraceState.getDefault());
        }

        @Override
        public boolean isRecording() {
            return true;
        }
    }
}
