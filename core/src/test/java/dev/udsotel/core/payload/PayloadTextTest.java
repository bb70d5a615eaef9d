package dev.udsotel.core.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadTextTest {

    @Test
    void showsPrintableAsciiAsIs() {
        String printable = "GET /containers/json?all=1 HTTP/1.1 {\"a\": [1, 2]} ~!@#$%^&*()_+`-=|'<>,.";
        assertEquals(printable, PayloadText.render(printable.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void escapesBackslashAndLineBreaksAndTabs() {
        byte[] bytes = "a\\b\r\nc\td".getBytes(StandardCharsets.US_ASCII);
        assertEquals("a\\\\b\\r\\nc\\td", PayloadText.render(bytes));
    }

    @Test
    void showsEveryOtherByteAsLowerCaseHex() {
        byte[] bytes = {0x00, 0x01, 0x1b, 0x7f, (byte) 0x80, (byte) 0xab, (byte) 0xff, 0x0b, 0x0c};
        assertEquals("\\x00\\x01\\x1b\\x7f\\x80\\xab\\xff\\x0b\\x0c", PayloadText.render(bytes));
    }

    @Test
    void showsUtf8TextByteByByte() {
        assertEquals("caf\\xc3\\xa9", PayloadText.render("café".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void showsARedisRequestOnOneLine() {
        byte[] resp = "*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("*2\\r\\n$3\\r\\nGET\\r\\n$3\\r\\nfoo\\r\\n", PayloadText.render(resp));
    }

    @Test
    void parsingARenderingGivesBackTheExactBytes() {
        Random random = new Random(20261129);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, PayloadText.parse(PayloadText.render(bytes)));
        }
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        assertArrayEquals(all, PayloadText.parse(PayloadText.render(all)));
    }

    @Test
    void differentBytesNeverRenderTheSame() {
        assertEquals(
                256,
                java.util.stream.IntStream.range(0, 256)
                        .mapToObj(b -> PayloadText.render(new byte[] {(byte) b}))
                        .distinct()
                        .count());
        // A literal backslash followed by "n" must not read like a line feed.
        assertEquals("\\\\n", PayloadText.render(new byte[] {'\\', 'n'}));
    }

    @Test
    void rendersASliceAndClipsItToTheArray() {
        byte[] bytes = "hello world".getBytes(StandardCharsets.US_ASCII);
        assertEquals("world", PayloadText.render(bytes, 6, 5));
        assertEquals("world", PayloadText.render(bytes, 6, 500));
        assertEquals("", PayloadText.render(bytes, 50, 5));
        assertEquals("hello", PayloadText.render(bytes, -3, 5));
        assertEquals("", PayloadText.render(bytes, 3, -1));
        assertEquals("", PayloadText.render(null));
        assertEquals("", PayloadText.render(new byte[0]));
        assertEquals("llo world", PayloadText.render(bytes, 2, Integer.MAX_VALUE));
    }

    @Test
    void rendersLargeInputsInFull() {
        byte[] bytes = new byte[1 << 20];
        java.util.Arrays.fill(bytes, (byte) 0xee);
        assertEquals(4 << 20, PayloadText.render(bytes).length());
    }

    @Test
    void rendersAnyBytesAsTheByteByByteEncodingDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261129);
        for (int round = 0; round < 50_000; round++) {
            byte[] bytes = PayloadTexts.generated(random);
            int offset = random.nextInt(bytes.length + 3) - 1;
            int length = random.nextInt(bytes.length + 3) - 1;
            assertEquals(byteByByte(bytes, offset, length), PayloadText.render(bytes, offset, length));
            assertEquals(byteByByte(bytes, 0, bytes.length), PayloadText.render(bytes));
        }
    }

    /** The encoding in the class comment, one byte at a time. */
    private static String byteByByte(byte[] bytes, int offset, int length) {
        int from = Math.max(0, Math.min(offset, bytes.length));
        int to = (int) Math.max(from, Math.min((long) from + Math.max(0, length), bytes.length));
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\\' -> text.append("\\\\");
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                default -> text.append(b >= 0x20 && b <= 0x7e ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
