package io.starling.fe.mysql;

import io.netty.buffer.ByteBuf;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.TypeKind;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Encodes one result row as a text-protocol row (every value a lenenc string, NULL = 0xFB) or a binary-protocol
 * row ({@code 0x00}, a NULL bitmap of {@code (columns + 7 + 2) / 8} bytes whose first two bits are reserved, then
 * the non-null values in their binary form: TINY 1, SHORT 2, LONG 4, LONGLONG 8, FLOAT 4, DOUBLE 8 bytes
 * little-endian; NEWDECIMAL and strings lenenc; DATE {@code 4 y2 m d}; DATETIME {@code 7 y2 m d h m s} or
 * {@code 11 ... micros4}).
 */
final class RowEncoder
{
    /** Binary rows: the NULL bitmap starts at bit 2 (bits 0-1 are reserved by the protocol). */
    private static final int BINARY_NULL_BITMAP_OFFSET = 2;
    private static final int MICROS_PER_SECOND = 1_000_000;

    private RowEncoder()
    {
    }

    static void writeTextRow(ByteBuf out, ColumnBatch batch, int row)
    {
        for (int c = 0; c < batch.columnCount(); c++) {
            ColumnVector col = batch.column(c);
            if (col.type().kind() == TypeKind.NULL || col.type().kind().isSketch() || col.isNull(row)) {
                // a raw HLL/BITMAP is sent as NULL, as StarRocks does
                out.writeByte(MysqlBuffers.NULL_MARKER);
                continue;
            }
            switch (col.type().kind()) {
                case CHAR, VARCHAR -> writeLenencSegment(out, col, row);
                default -> writeAscii(out, TextValueFormatter.format(col, row));
            }
        }
    }

    static void writeBinaryRow(ByteBuf out, ColumnBatch batch, int row)
    {
        int n = batch.columnCount();
        out.writeByte(0x00);
        int bitmapStart = out.writerIndex();
        int bitmapBytes = (n + 7 + BINARY_NULL_BITMAP_OFFSET) / 8;
        out.writeZero(bitmapBytes);
        for (int c = 0; c < n; c++) {
            ColumnVector col = batch.column(c);
            if (col.type().kind() == TypeKind.NULL || col.type().kind().isSketch() || col.isNull(row)) {
                int bit = c + BINARY_NULL_BITMAP_OFFSET;
                int at = bitmapStart + bit / 8;
                out.setByte(at, out.getByte(at) | (1 << (bit % 8)));
                continue;
            }
            writeBinaryValue(out, col, row);
        }
    }

    private static void writeBinaryValue(ByteBuf out, ColumnVector col, int row)
    {
        switch (col.type().kind()) {
            case BOOLEAN, TINYINT -> out.writeByte(col.getByte(row));
            case SMALLINT -> out.writeShortLE(col.getShort(row));
            case INT -> out.writeIntLE(col.getInt(row));
            case BIGINT -> out.writeLongLE(col.getLong(row));
            case FLOAT -> out.writeFloatLE(col.getFloat(row));
            case DOUBLE -> out.writeDoubleLE(col.getDouble(row));
            case LARGEINT, DECIMAL -> writeAscii(out, TextValueFormatter.format(col, row));
            case DATE -> {
                LocalDate d = LocalDate.ofEpochDay(col.getInt(row));
                out.writeByte(4);
                out.writeShortLE(d.getYear());
                out.writeByte(d.getMonthValue());
                out.writeByte(d.getDayOfMonth());
            }
            case DATETIME -> {
                long micros = col.getLong(row);
                long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
                int fraction = (int) Math.floorMod(micros, MICROS_PER_SECOND);
                LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
                out.writeByte(fraction == 0 ? 7 : 11);
                out.writeShortLE(t.getYear());
                out.writeByte(t.getMonthValue());
                out.writeByte(t.getDayOfMonth());
                out.writeByte(t.getHour());
                out.writeByte(t.getMinute());
                out.writeByte(t.getSecond());
                if (fraction != 0) {
                    out.writeIntLE(fraction);
                }
            }
            case CHAR, VARCHAR -> writeLenencSegment(out, col, row);
            case NULL, HLL, BITMAP -> throw new IllegalStateException(col.type() + " values are sent as NULL");
        }
    }

    /** Copies a VARLEN value straight from off-heap memory, without a byte[] on the heap. */
    private static void writeLenencSegment(ByteBuf out, ColumnVector col, int row)
    {
        int start = col.getOffset(row);
        int len = col.getLength(row);
        MysqlBuffers.writeLenencInt(out, len);
        if (len > 0) {
            MemorySegment bytes = col.bytes();
            out.writeBytes(bytes.asSlice(start, len).asByteBuffer());
        }
    }

    private static void writeAscii(ByteBuf out, String s)
    {
        MysqlBuffers.writeLenencInt(out, s.length());
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
    }
}
