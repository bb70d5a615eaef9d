package dev.udsotel.core.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void replacesNumbersUuidsAndLongHexSegments() {
        assertEquals("/users/{id}", PathTemplate.of("/users/42"));
        assertEquals("/containers/{id}/json", PathTemplate.of("/containers/4f1c2e0a9b7d/json"));
        assertEquals(
                "/v1.47/containers/{id}/logs",
                PathTemplate.of(
                        "/v1.47/containers/4f1c2e0a9b7d35aa1e0c0b0d4e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b/logs"));
        assertEquals("/sessions/{id}", PathTemplate.of("/sessions/123e4567-E89B-12d3-a456-426614174000"));
        assertEquals(
                "/images/{id}/json",
                PathTemplate.of(
                        "/images/sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d/json"));
        assertEquals("/a/{id}/b/{id}/", PathTemplate.of("/a/1/b/22/"));
    }

    @Test
    void keepsWordsVersionsNamesAndShortOrLetterOnlyHex() {
        for (String path : new String[] {
            "/",
            "/_ping",
            "/v1.43/containers/json",
            "/containers/my-app/json",
            "/feed/cafebabedeadbeef",
            "/ab12",
            "/x1y2z3w4v5",
            "//double",
            "*"
        }) {
            assertSame(path, PathTemplate.of(path), path);
        }
    }

    @Test
    void replacesOnlyWholeSegments() {
        assertEquals("/items/{id}/v2", PathTemplate.of("/items/0042/v2"));
        assertEquals("/items/42a/v2", PathTemplate.of("/items/42a/v2"));
        assertEquals("/items/{id}", PathTemplate.of("/items/0123456789abcdef"));
        assertEquals("/items/0123456789abcdefg", PathTemplate.of("/items/0123456789abcdefg"));
    }
}
