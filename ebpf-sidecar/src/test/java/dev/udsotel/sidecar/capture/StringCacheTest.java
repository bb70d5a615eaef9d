package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StringCacheTest {
    @Test
    void decodesEveryOneOfMoreDistinctPathsThanItHasSlotsBothWays() {
        StringCache cache = new StringCache();
        int count = 3000;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < count; i++) {
                int n = round == 0 ? i : count - 1 - i;
                String path = "/run/app-" + n + "/x.sock";
                assertEquals(path, cache.decode(sunPath(path, 108), 0, path.length() + 1));
            }
        }
    }

    @Test
    void endsAPathAtItsNulWhateverFollowsAndKeepsAnAbstractNameWhole() {
        StringCache cache = new StringCache();
        byte[] padded = "redis-server\0zz\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals("redis-server", cache.decode(padded, 0, 16));
        byte[] otherTail = "redis-server\0yy\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals("redis-server", cache.decode(otherTail, 0, 16));
        byte[] abstractName = "\0bus\0tail".getBytes(StandardCharsets.US_ASCII);
        assertEquals("@bus\0tail", cache.decode(abstractName, 0, abstractName.length));
        assertEquals("@bus", cache.decode(abstractName, 0, 4));
    }

    /** A sun_path buffer as the probe leaves it: the path, a NUL, then bytes of an earlier, longer path. */
    private static byte[] sunPath(String path, int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'Q');
        byte[] text = path.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, bytes, 0, text.length);
        bytes[text.length] = 0;
        return bytes;
    }
}
