package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.udsotel.sidecar.bpf.StructLayoutInfo;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UdsEventLayoutTest {
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(UDS_\\w+)\\s+(0x[0-9a-fA-F]+|\\d+)\\b");

    @Test
    void mirrorsEveryConstantOfTheSharedHeader() throws Exception {
        String header = Files.readString(Path.of(System.getProperty("uds.bpf.header", "bpf/uds_event.h")));
        Matcher m = DEFINE.matcher(header);
        int checked = 0;
        while (m.find()) {
            Field field = UdsEventLayout.class.getField(m.group(1));
            assertEquals(Integer.decode(m.group(2)).intValue(), field.getInt(null), m.group(1));
            checked++;
        }
        assertTrue(checked > 30, "only " + checked + " constants found in the header");
    }

    @Test
    void refusesACompiledLayoutThatMovedAField() {
        Map<String, Long> moved = new HashMap<>(UdsEventLayout.OFFSETS);
        moved.put("comm", 84L);
        StructLayoutInfo fdInfo =
                new StructLayoutInfo("uds_fd_info", UdsEventLayout.FD_INFO_SIZE, UdsEventLayout.FD_INFO_OFFSETS);
        assertThrows(
                IllegalStateException.class,
                () -> UdsEventLayout.verify(
                        new StructLayoutInfo("uds_event", UdsEventLayout.HEADER_SIZE, moved), fdInfo));
        StructLayoutInfo event = new StructLayoutInfo("uds_event", UdsEventLayout.HEADER_SIZE, UdsEventLayout.OFFSETS);
        UdsEventLayout.verify(event, fdInfo);

        Map<String, Long> movedName = new HashMap<>(UdsEventLayout.FD_INFO_OFFSETS);
        movedName.put("name", 24L);
        assertThrows(
                IllegalStateException.class,
                () -> UdsEventLayout.verify(
                        event, new StructLayoutInfo("uds_fd_info", UdsEventLayout.FD_INFO_SIZE, movedName)));
    }

    @Test
    void readsAnHttp2RecordCapturedFrameByFrameAsAPrefixAndPieces() {
        byte[] prefix = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] later = "trailers!".getBytes(StandardCharsets.US_ASCII);
        int area = 3 * (int) UdsEventLayout.RUN_SIZE + prefix.length + later.length;
        java.nio.ByteBuffer record = java.nio.ByteBuffer.allocate((int) UdsEventLayout.HEADER_SIZE + area)
                .order(java.nio.ByteOrder.nativeOrder());
        record.putLong((int) UdsEventLayout.RET, 5000);
        record.putInt((int) UdsEventLayout.CAPTURED_LEN, area);
        record.putShort((int) UdsEventLayout.KIND, (short) UdsEventLayout.UDS_EV_SEND);
        record.put((int) UdsEventLayout.FLAGS, (byte) (UdsEventLayout.UDS_F_HTTP2 | UdsEventLayout.UDS_F_PIECES));
        record.position((int) UdsEventLayout.HEADER_SIZE);
        record.putInt(24).putInt(0); // the first frame begins after the preface
        record.putInt(0).putInt(prefix.length).put(prefix);
        record.putInt(4000).putInt(later.length).put(later);

        UdsEvent event = UdsEvent.decode(java.lang.foreign.MemorySegment.ofArray(record.array()));

        assertEquals(
                new String(prefix, StandardCharsets.US_ASCII), new String(event.payload(), StandardCharsets.US_ASCII));
        assertEquals(1, event.pieces().count());
        assertEquals(4000L, event.pieces().offsets()[0]);
        assertEquals("trailers!", new String(event.pieces().bytes(), StandardCharsets.US_ASCII));
        assertEquals(24L, event.pieces().frameStart());

        record.putInt((int) UdsEventLayout.HEADER_SIZE + 8 + 8 + prefix.length + 4, 5000); // a run past the record
        assertThrows(
                IllegalArgumentException.class,
                () -> UdsEvent.decode(java.lang.foreign.MemorySegment.ofArray(record.array())));
    }

    @Test
    void rendersAbstractNamesWithAnAtSignAndPathsUpToTheirNul() {
        byte[] abstractName = new byte[128];
        byte[] name = "demo\0x".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, abstractName, 1, name.length);
        assertEquals("@demo\0x", UdsEvent.socketPath(abstractName, 1 + name.length));

        byte[] path = new byte[128];
        byte[] text = "/run/app.sock".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, path, 0, text.length);
        assertEquals("/run/app.sock", UdsEvent.socketPath(path, text.length + 1));
        assertEquals("", UdsEvent.socketPath(path, 0));
    }
}
