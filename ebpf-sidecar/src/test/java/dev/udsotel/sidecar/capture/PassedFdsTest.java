package dev.udsotel.sidecar.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.udsotel.core.event.PassedDescriptor.Type;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The kernel's i_mode and dentry name tell what a passed descriptor is. */
class PassedFdsTest {
    @Test
    void namesMemfdsAndAnonymousInodesApartFromPlainFiles() {
        assertEquals(Type.FILE, PassedFds.type(0100644, name("data.txt")));
        assertEquals(Type.MEMFD, PassedFds.type(0100777, name("memfd:handover")));
        assertEquals(Type.ANON_INODE, PassedFds.type(0600, name("[eventfd]")));
        assertEquals(Type.ANON_INODE, PassedFds.type(0100600, name("[eventfd]")));
        assertEquals(Type.SOCKET, PassedFds.type(0140777, name("")));
        assertEquals(Type.PIPE, PassedFds.type(0010600, name("")));
        assertEquals(Type.DIRECTORY, PassedFds.type(0040755, name("tmp")));
        assertEquals(Type.CHAR_DEVICE, PassedFds.type(0020666, name("null")));
    }

    @Test
    void placesTheDescriptorsAfterThePayloadOnAnEightByteBoundary() {
        assertEquals(UdsEventLayout.HEADER_SIZE, PassedFds.tailOffset(0));
        assertEquals(UdsEventLayout.HEADER_SIZE + 16, PassedFds.tailOffset(10));
        assertEquals(UdsEventLayout.HEADER_SIZE + 16, PassedFds.tailOffset(16));
    }

    @Test
    void readsNoTailFromARecordThatPassedNoDescriptors() {
        java.lang.foreign.MemorySegment record =
                java.lang.foreign.MemorySegment.ofArray(new byte[(int) UdsEventLayout.HEADER_SIZE + 6]);
        assertEquals(
                java.util.List.of(), PassedFds.decode(record, 6, 0), "credentials only: the payload is not padded");
    }

    private static byte[] name(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
