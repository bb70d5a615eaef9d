package dev.udsotel.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortedAttributesTest {
    private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.type");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<List<String>> HOST = AttributeKey.stringArrayKey("http.request.header.host");
    private static final AttributeKey<Boolean> CHUNKED = AttributeKey.booleanKey("uds.http.chunked");

    private static SortedAttributes sample() {
        return SortedAttributes.builder(4)
                .put(ERROR, "500")
                .put(HOST, List.of("localhost"))
                .put(STATUS, 500L)
                .put(CHUNKED, true)
                .build();
    }

    @Test
    void iteratesInTheOrderTheApisBuilderSortsInto() {
        Attributes api = Attributes.builder()
                .put(CHUNKED, true)
                .put(STATUS, 500L)
                .put(ERROR, "500")
                .put(HOST, List.of("localhost"))
                .build();
        assertEquals(keys(api), keys(sample()));
    }

    @Test
    void becomesTheApisOwnAttributesThroughItsBuilder() {
        Attributes api = Attributes.builder()
                .put(ERROR, "500")
                .put(HOST, List.of("localhost"))
                .put(STATUS, 500L)
                .put(CHUNKED, true)
                .build();
        assertEquals(api, sample().toBuilder().build());
        assertEquals(api.asMap(), sample().asMap());
        assertEquals(4, sample().size());
    }

    @Test
    void findsAValueByNameAndType() {
        assertEquals(500L, sample().get(STATUS));
        assertEquals(List.of("localhost"), sample().get(HOST));
        assertNull(sample().get(AttributeKey.stringKey("http.response.status_code")));
        assertNull(sample().get(AttributeKey.stringKey("url.path")));
    }

    @Test
    void refusesAKeyOutOfOrder() {
        SortedAttributes.Builder builder = SortedAttributes.builder(2).put(STATUS, 200L);
        assertThrows(AssertionError.class, () -> builder.put(ERROR, "x"));
        assertThrows(AssertionError.class, () -> builder.put(STATUS, 201L));
    }

    private static List<String> keys(Attributes attributes) {
        List<String> keys = new ArrayList<>();
        attributes.forEach((key, value) -> keys.add(key.getKey()));
        return keys;
    }
}
