package dev.udsotel.core.protocol.http2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HuffmanTest {

    @Test
    void derivesTheCodesOfRfc7541AppendixBFromTheLengths() {
        assertEquals(0x1ff8, Huffman.code(0));
        assertEquals(13, Huffman.length(0));
        assertEquals(0x0, Huffman.code('0'));
        assertEquals(0x3, Huffman.code('a'));
        assertEquals(0x14, Huffman.code(' '));
        assertEquals(0x7ffffef, Huffman.code(253));
        assertEquals(0x3ffffee, Huffman.code(255));
        assertEquals(0x3fffffff, Huffman.code(Huffman.EOS));
    }

    @Test
    void decodesTheRfcExampleAndRefusesBadPadding() {
        byte[] wwwExampleCom = {
            (byte) 0xf1,
            (byte) 0xe3,
            (byte) 0xc2,
            (byte) 0xe5,
            (byte) 0xf2,
            (byte) 0x3a,
            (byte) 0x6b,
            (byte) 0xa0,
            (byte) 0xab,
            (byte) 0x90,
            (byte) 0xf4,
            (byte) 0xff
        }; // RFC 7541, C.4.1
        assertArrayEquals(
                "www.example.com".getBytes(StandardCharsets.US_ASCII),
                Huffman.decode(wwwExampleCom, 0, wwwExampleCom.length));
        assertNull(Huffman.decode(new byte[] {(byte) 0xf1, 0x00}, 0, 2), "padding of zeros");
        assertNull(Huffman.decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 0, 4), "EOS");
    }
}
