package dev.udsotel.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the OTLP/JSON encoding of traces (hex ids, int64 as strings, enums as numbers or names) into the
 * protobuf messages, so JSON and binary exports go through one conversion to {@link ReceivedSpan}.
 * Only the span fields the tests look at are read; unknown members are ignored.
 */
final class OtlpJson {

    private OtlpJson() {}

    /** Reads an ExportTraceServiceRequest ({"resourceSpans":[...]}) or a bare ResourceSpans ({"scopeSpans":[...]}). */
    static ExportTraceServiceRequest request(Map<String, Object> json) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        if (json.containsKey("resourceSpans")) {
            for (Map<String, Object> resourceSpans : objects(json.get("resourceSpans"))) {
                request.addResourceSpans(resourceSpans(resourceSpans));
            }
        } else if (json.containsKey("scopeSpans")) {
            request.addResourceSpans(resourceSpans(json));
        } else {
            throw new IllegalArgumentException("neither resourceSpans nor scopeSpans: not OTLP trace JSON");
        }
        return request.build();
    }

    private static ResourceSpans resourceSpans(Map<String, Object> json) {
        ResourceSpans.Builder builder = ResourceSpans.newBuilder();
        Map<String, Object> resource = object(json.get("resource"));
        builder.setResource(Resource.newBuilder().addAllAttributes(keyValues(resource.get("attributes"))));
        for (Map<String, Object> scopeSpans : objects(json.get("scopeSpans"))) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            Map<String, Object> scopeJson = object(scopeSpans.get("scope"));
            scope.setScope(InstrumentationScope.newBuilder().setName(string(scopeJson.get("name"))));
            for (Map<String, Object> span : objects(scopeSpans.get("spans"))) {
                scope.addSpans(span(span));
            }
            builder.addScopeSpans(scope);
        }
        return builder.build();
    }

    private static Span span(Map<String, Object> json) {
        Map<String, Object> status = object(json.get("status"));
        return Span.newBuilder()
                .setName(string(json.get("name")))
                .setKind(Span.SpanKind.forNumber(enumNumber(json.get("kind"), Span.SpanKind.class)))
                .setTraceId(hexBytes(json.get("traceId")))
                .setSpanId(hexBytes(json.get("spanId")))
                .setParentSpanId(hexBytes(json.get("parentSpanId")))
                .setStartTimeUnixNano(int64(json.get("startTimeUnixNano")))
                .setEndTimeUnixNano(int64(json.get("endTimeUnixNano")))
                .addAllAttributes(keyValues(json.get("attributes")))
                .setStatus(Status.newBuilder()
                        .setCode(Status.StatusCode.forNumber(enumNumber(status.get("code"), Status.StatusCode.class)))
                        .setMessage(string(status.get("message"))))
                .build();
    }

    private static List<KeyValue> keyValues(Object json) {
        return objects(json).stream()
                .map(kv -> KeyValue.newBuilder()
                        .setKey(string(kv.get("key")))
                        .setValue(anyValue(object(kv.get("value"))))
                        .build())
                .toList();
    }

    private static AnyValue anyValue(Map<String, Object> json) {
        AnyValue.Builder value = AnyValue.newBuilder();
        if (json.containsKey("stringValue")) {
            value.setStringValue(string(json.get("stringValue")));
        } else if (json.containsKey("boolValue")) {
            value.setBoolValue(Boolean.TRUE.equals(json.get("boolValue")));
        } else if (json.containsKey("intValue")) {
            value.setIntValue(int64(json.get("intValue")));
        } else if (json.containsKey("doubleValue")) {
            value.setDoubleValue(Double.parseDouble(String.valueOf(json.get("doubleValue"))));
        } else if (json.containsKey("bytesValue")) {
            value.setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(string(json.get("bytesValue")))));
        } else if (json.containsKey("arrayValue")) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            objects(object(json.get("arrayValue")).get("values")).forEach(v -> array.addValues(anyValue(v)));
            value.setArrayValue(array);
        } else if (json.containsKey("kvlistValue")) {
            value.setKvlistValue(KeyValueList.newBuilder()
                    .addAllValues(keyValues(object(json.get("kvlistValue")).get("values"))));
        }
        return value.build();
    }

    private static int enumNumber(Object json, Class<? extends Enum<?>> type) {
        if (json == null) {
            return 0;
        }
        if (json instanceof Long number) {
            return number.intValue();
        }
        for (Enum<?> constant : type.getEnumConstants()) {
            if (constant.name().equals(json)) {
                return constant.ordinal();
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " " + json);
    }

    private static ByteString hexBytes(Object json) {
        String hex = string(json);
        return hex.isEmpty()
                ? ByteString.EMPTY
                : ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static long int64(Object json) {
        if (json == null) {
            return 0;
        }
        return json instanceof Long number ? number : Long.parseLong(String.valueOf(json));
    }

    private static String string(Object json) {
        return json == null ? "" : String.valueOf(json);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        if (json == null) {
            return Map.of();
        }
        if (!(json instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, got " + json);
        }
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object json) {
        if (json == null) {
            return List.of();
        }
        if (!(json instanceof List)) {
            throw new IllegalArgumentException("expected a JSON array, got " + json);
        }
        return ((List<Object>) json).stream().map(OtlpJson::object).toList();
    }
}
