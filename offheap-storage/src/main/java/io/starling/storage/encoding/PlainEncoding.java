package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.starling.storage.io.ByteSource.INT_LE;

/**
 * PLAIN: values stored as they are in memory.
 *
 * <pre>
 * fixed width: value[n]                      little-endian, {@code width} bytes each (INT128: low word, high word)
 * VARLEN:      u32 offset[n + 1]             offset[0] = 0, value i = bytes[offset[i], offset[i+1])
 *              u8  bytes[offset[n]]
 * </pre>
 * Null rows are stored as zero / empty. Decoding a fixed-width range is one bulk {@link MemorySegment#copy}
 * (a plain memcpy on little-endian machines, a byte-swapping copy otherwise).
 */
public final class PlainEncoding implements PageEncoding
{
    public static final PlainEncoding INSTANCE = new PlainEncoding();

    private PlainEncoding()
    {
    }

    @Override
    public EncodingType type()
    {
        return EncodingType.PLAIN;
    }

    @Override
    public boolean supports(PhysicalType type)
    {
        return true;
    }

    /** Bytes the encoding of {@code count} rows takes. */
    public static long encodedSize(ColumnVector src, int from, int count)
    {
        if (src.physical().isFixedWidth()) {
            return (long) count * src.physical().width();
        }
        return 4L * (count + 1) + (count == 0 ? 0 : src.getOffset(from + count) - src.getOffset(from));
    }

    @Override
    public boolean encode(ColumnVector src, int from, int count, ByteSink out)
    {
        PhysicalType pt = src.physical();
        if (pt.isFixedWidth()) {
            encodeFixed(src, from, count, out, pt);
        }
        else {
            encodeVarlen(src, from, count, out);
        }
        return true;
    }

    private static void encodeFixed(ColumnVector src, int from, int count, ByteSink out, PhysicalType pt)
    {
        int w = pt.width();
        int at = out.skip(count * w);
        ValueLayout layout = elementLayout(pt);
        long elems = pt == PhysicalType.INT128 ? 2L * count : count;
        MemorySegment dst = MemorySegment.ofArray(out.array());
        MemorySegment.copy(src.data(), layout, (long) from * w, dst, fileLayout(pt), at, elems);
        if (src.hasNulls()) {
            for (int i = 0; i < count; i++) {
                if (src.isNull(from + i)) {
                    dst.asSlice(at + (long) i * w, w).fill((byte) 0);
                }
            }
        }
    }

    private static void encodeVarlen(ColumnVector src, int from, int count, ByteSink out)
    {
        int offsetsAt = out.skip(4 * (count + 1));
        out.setInt(offsetsAt, 0);
        if (!src.hasNulls()) {
            int base = src.getOffset(from);
            for (int i = 1; i <= count; i++) {
                out.setInt(offsetsAt + 4 * i, src.getOffset(from + i) - base);
            }
            out.writeBytes(src.bytes(), base, src.getOffset(from + count) - base);
            return;
        }
        int total = 0;
        for (int i = 0; i < count; i++) {
            int row = from + i;
            if (!src.isNull(row)) {
                int len = src.getLength(row);
                out.writeBytes(src.bytes(), src.getOffset(row), len);
                total += len;
            }
            out.setInt(offsetsAt + 4 * (i + 1), total);
        }
    }

    @Override
    public void decode(MemorySegment body, int numValues, int first, int count, ColumnVector dst, int dstOffset)
    {
        PhysicalType pt = dst.physical();
        checkRange(numValues, first, count, dst, dstOffset);
        if (pt.isFixedWidth()) {
            int w = pt.width();
            if ((long) numValues * w > body.byteSize()) {
                throw new IndexOutOfBoundsException("PLAIN body of " + body.byteSize() + " bytes cannot hold " + numValues + " values of " + w + " bytes");
            }
            ValueLayout layout = elementLayout(pt);
            long elems = pt == PhysicalType.INT128 ? 2L * count : count;
            MemorySegment.copy(body, fileLayout(pt), (long) first * w, dst.data(), layout, (long) dstOffset * w, elems);
            return;
        }
        long bytesBase = 4L * (numValues + 1);
        int start = body.get(INT_LE, 4L * first);
        int end = body.get(INT_LE, 4L * (first + count));
        if (start < 0 || end < start || bytesBase + end > body.byteSize()) {
            throw new IndexOutOfBoundsException("PLAIN offsets [" + start + ", " + end + ") outside body of " + body.byteSize() + " bytes");
        }
        int dstStart = dst.getOffset(dstOffset);
        dst.ensureBytesCapacity((long) dstStart + (end - start));
        MemorySegment.copy(body, bytesBase + start, dst.bytes(), dstStart, end - start);
        MemorySegment dstOffsets = dst.data();
        int prev = start;
        for (int i = 1; i <= count; i++) {
            int o = body.get(INT_LE, 4L * (first + i));
            if (o < prev || o > end) {
                throw new IndexOutOfBoundsException("PLAIN offsets not ascending at value " + (first + i));
            }
            prev = o;
            dstOffsets.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, dstOffset + i, dstStart + (o - start));
        }
    }

    static void checkRange(int numValues, int first, int count, ColumnVector dst, int dstOffset)
    {
        if (first < 0 || count < 0 || first + count > numValues || dstOffset < 0 || dstOffset + count > dst.capacity()) {
            throw new IndexOutOfBoundsException("decode values [" + first + ", " + (first + count) + ") of " + numValues
                    + " into rows [" + dstOffset + ", " + (dstOffset + count) + ") of a vector of capacity " + dst.capacity());
        }
    }

    /** See {@link PageEncoder#decodeSelected}: fixed-width types except INT128, rows range-checked by the caller. */
    static void decodeSelected(MemorySegment body, int numValues, int[] rows, int from, int to, int delta, ColumnVector dst)
    {
        PhysicalType pt = dst.physical();
        int w = pt.width();
        if ((long) numValues * w > body.byteSize()) {
            throw new IndexOutOfBoundsException("PLAIN body of " + body.byteSize() + " bytes cannot hold " + numValues + " values of " + w + " bytes");
        }
        MemorySegment data = dst.data();
        switch (pt) {
            case BYTE -> {
                for (int i = from; i < to; i++) {
                    data.set(ValueLayout.JAVA_BYTE, rows[i], body.get(ValueLayout.JAVA_BYTE, rows[i] + delta));
                }
            }
            case SHORT -> {
                for (int i = from; i < to; i++) {
                    data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, rows[i], body.get((ValueLayout.OfShort) SHORT_LE, 2L * (rows[i] + delta)));
                }
            }
            case INT, FLOAT -> {
                for (int i = from; i < to; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, rows[i], body.get((ValueLayout.OfInt) INT_LE_LAYOUT, 4L * (rows[i] + delta)));
                }
            }
            case LONG, DOUBLE -> {
                for (int i = from; i < to; i++) {
                    data.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, rows[i], body.get((ValueLayout.OfLong) LONG_LE_LAYOUT, 8L * (rows[i] + delta)));
                }
            }
            default -> throw new IllegalArgumentException("PLAIN cannot scatter-decode " + pt);
        }
    }

    /** Native-order element layout used to copy one physical type (INT128 is copied as two longs). */
    static ValueLayout elementLayout(PhysicalType pt)
    {
        return switch (pt) {
            case BYTE -> ValueLayout.JAVA_BYTE;
            case SHORT -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case INT -> ValueLayout.JAVA_INT_UNALIGNED;
            case LONG, INT128 -> ValueLayout.JAVA_LONG_UNALIGNED;
            case FLOAT -> ValueLayout.JAVA_FLOAT_UNALIGNED;
            case DOUBLE -> ValueLayout.JAVA_DOUBLE_UNALIGNED;
            case VARLEN -> throw new IllegalArgumentException("VARLEN has no element layout");
        };
    }

    private static final ValueLayout SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout INT_LE_LAYOUT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout LONG_LE_LAYOUT = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Little-endian (file order) element layout of one physical type (INT128 as two longs). */
    static ValueLayout fileLayout(PhysicalType pt)
    {
        return switch (pt) {
            case BYTE -> ValueLayout.JAVA_BYTE;
            case SHORT -> SHORT_LE;
            case INT -> INT_LE_LAYOUT;
            case LONG, INT128 -> LONG_LE_LAYOUT;
            case FLOAT -> FLOAT_LE;
            case DOUBLE -> DOUBLE_LE;
            case VARLEN -> throw new IllegalArgumentException("VARLEN has no element layout");
        };
    }
}
