package dev.udsotel.core.protocol;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Attributes a decoder puts in key order, each key once, so nothing is sorted or merged: iteration gives the same
 * sequence as {@code Attributes.builder()} with the same entries would (which sorts by key name). Meant for the span
 * builder's fast path; {@link #toBuilder()} gives the API's own attributes. Build with {@link #builder(int)}.
 */
public final class SortedAttributes implements Attributes {
    private final Object[] pairs;
    private final int size;

    private SortedAttributes(Object[] pairs, int size) {
        this.pairs = pairs;
        this.size = size;
    }

    /** A builder with room for {@code capacity} entries. */
    public static Builder builder(int capacity) {
        return new Builder(capacity);
    }

    /** Collects entries whose keys come in strictly increasing order of name. */
    public static final class Builder {
        private final Object[] pairs;
        private int size;

        private Builder(int capacity) {
            this.pairs = new Object[2 * capacity];
        }

        /** Adds one entry; its key's name must sort after the previous one's. */
        public <T> Builder put(AttributeKey<T> key, T value) {
            assert size == 0 || name(size - 1).compareTo(key.getKey()) < 0 : key + " after " + name(size - 1);
            pairs[2 * size] = key;
            pairs[2 * size + 1] = value;
            size++;
            return this;
        }

        private String name(int index) {
            return ((AttributeKey<?>) pairs[2 * index]).getKey();
        }

        public SortedAttributes build() {
            return new SortedAttributes(pairs, size);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(AttributeKey<T> key) {
        for (int i = 0; i < size; i++) {
            if (key.equals(pairs[2 * i])) {
                return (T) pairs[2 * i + 1];
            }
        }
        return null;
    }

    @Override
    public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
        for (int i = 0; i < size; i++) {
            consumer.accept((AttributeKey<?>) pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public Map<AttributeKey<?>, Object> asMap() {
        Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public AttributesBuilder toBuilder() {
        return Attributes.builder().putAll(this);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SortedAttributes that
                && size == that.size
                && Arrays.equals(pairs, 0, 2 * size, that.pairs, 0, 2 * size);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOf(pairs, 2 * size));
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
