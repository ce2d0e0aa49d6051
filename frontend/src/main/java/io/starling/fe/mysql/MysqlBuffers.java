package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reading and writing the protocol's basic data types on Netty buffers: length-encoded integers and strings
 * (lenenc: {@code < 0xFB} one byte; {@code 0xFC} + 2 bytes; {@code 0xFD} + 3 bytes; {@code 0xFE} + 8 bytes;
 * {@code 0xFB} is NULL in text rows) and NUL-terminated strings. All integers are little-endian.
 */
final class MysqlBuffers
{
    /** lenenc marker of a NULL value in text rows. */
    static final int NULL_MARKER = 0xFB;

    private MysqlBuffers()
    {
    }

    static void writeLenencInt(ByteBuf b, long v)
    {
        if (v >= 0 && v < 0xFB) {
            b.writeByte((int) v);
        }
        else if (v >= 0 && v < (1 << 16)) {
            b.writeByte(0xFC);
            b.writeShortLE((int) v);
        }
        else if (v >= 0 && v < (1 << 24)) {
            b.writeByte(0xFD);
            b.writeMediumLE((int) v);
        }
        else {
            b.writeByte(0xFE);
            b.writeLongLE(v);
        }
    }

    static void writeLenencBytes(ByteBuf b, byte[] v)
    {
        writeLenencInt(b, v.length);
        b.writeBytes(v);
    }

    static void writeLenencString(ByteBuf b, String s)
    {
        writeLenencBytes(b, s.getBytes(StandardCharsets.UTF_8));
    }

    static void writeNulString(ByteBuf b, String s)
    {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        b.writeByte(0);
    }

    /** Reads a lenenc integer; throws {@link MalformedPacketException} on the NULL/undefined markers. */
    static long readLenencInt(ByteBuf b)
    {
        int first = b.readUnsignedByte();
        return switch (first) {
            case 0xFC -> b.readUnsignedShortLE();
            case 0xFD -> b.readUnsignedMediumLE();
            case 0xFE -> b.readLongLE();
            case 0xFB, 0xFF -> throw new MalformedPacketException("unexpected length marker 0x" + Integer.toHexString(first));
            default -> first;
        };
    }

    static byte[] readLenencBytes(ByteBuf b)
    {
        long len = readLenencInt(b);
        if (len < 0 || len > b.readableBytes()) {
            throw new MalformedPacketException("length " + len + " exceeds the packet");
        }
        byte[] out = new byte[(int) len];
        b.readBytes(out);
        return out;
    }

    static String readLenencString(ByteBuf b)
    {
        return new String(readLenencBytes(b), StandardCharsets.UTF_8);
    }

    /** Reads up to a NUL byte (consumed) or, if there is none, to the end of the packet. */
    static String readNulString(ByteBuf b)
    {
        int nul = b.indexOf(b.readerIndex(), b.writerIndex(), (byte) 0);
        int end = nul < 0 ? b.writerIndex() : nul;
        String s = b.toString(b.readerIndex(), end - b.readerIndex(), StandardCharsets.UTF_8);
        b.readerIndex(nul < 0 ? end : end + 1);
        return s;
    }

    static String readRestString(ByteBuf b)
    {
        String s = b.toString(StandardCharsets.UTF_8);
        b.readerIndex(b.writerIndex());
        return s;
    }
}
