package dev.udsotel.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a decoded OTLP export request into {@link ReceivedSpan}s. */
final class ProtoSpans {

    private ProtoSpans() {}

    static List<ReceivedSpan> from(ExportTraceServiceRequest request) {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            spans.addAll(from(resourceSpans));
        }
        return spans;
    }

    static List<ReceivedSpan> from(ResourceSpans resourceSpans) {
        List<ReceivedSpan> spans = new ArrayList<>();
        Resource resource = resourceSpans.getResource();
        Map<String, Object> resourceAttributes = attributes(resource.getAttributesList());
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
            for (Span span : scopeSpans.getSpansList()) {
                spans.add(new ReceivedSpan(
                        span.getName(),
                        stripPrefix(span.getKind().name(), "SPAN_KIND_"),
                        hex(span.getTraceId()),
                        hex(span.getSpanId()),
                        hex(span.getParentSpanId()),
                        span.getStartTimeUnixNano(),
                        span.getEndTimeUnixNano(),
                        attributes(span.getAttributesList()),
                        resourceAttributes,
                        stripPrefix(span.getStatus().getCode().name(), "STATUS_CODE_"),
                        span.getStatus().getMessage(),
                        scopeSpans.getScope().getName(),
                        span.getEventsList().stream()
                                .map(e -> new ReceivedEvent(
                                        e.getName(), e.getTimeUnixNano(), attributes(e.getAttributesList())))
                                .toList()));
            }
        }
        return spans;
    }

    private static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            Object value = value(keyValue.getValue());
            if (value != null) {
                attributes.put(keyValue.getKey(), value);
            }
        }
        return attributes;
    }

    private static Object value(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case INT_VALUE:
                return value.getIntValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case BYTES_VALUE:
                return value.getBytesValue().toByteArray();
            case ARRAY_VALUE:
                return value.getArrayValue().getValuesList().stream()
                        .map(ProtoSpans::value)
                        .toList();
            case KVLIST_VALUE:
                return Map.copyOf(attributes(value.getKvlistValue().getValuesList()));
            default:
                return null;
        }
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static String stripPrefix(String enumName, String prefix) {
        return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
    }
}
