package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.starling.storage.io.ByteSource.LONG_LE;

/**
 * BIT_PACKED (frame of reference) for BYTE/SHORT/INT/LONG physical types.
 *
 * <pre>
 * offset 0  i64 min          minimum non-null value of the page (0 if all rows are null)
 * offset 8  u8  width        bits per value, 0..{@value BitPacking#MAX_WIDTH}
 * offset 9  packed           (value - min) as unsigned width-bit integers, see {@link BitPacking}; nulls store 0
 * </pre>
 * The encoder declines pages whose range needs more than {@link BitPacking#MAX_WIDTH} bits; PLAIN is as small
 * then anyway.
 */
public final class BitPackedEncoding implements PageEncoding
{
    public static final BitPackedEncoding INSTANCE = new BitPackedEncoding();
    /** Header bytes before the packed values: min (8) + width (1). */
    public static final int HEADER_BYTES = 9;

    private BitPackedEncoding()
    {
    }

    @Override
    public EncodingType type()
    {
        return EncodingType.BIT_PACKED;
    }

    @Override
    public boolean supports(PhysicalType type)
    {
        return IntegerStats.isInteger(type);
    }

    /** Encoded size for a page with these statistics, or -1 if the range is too wide. */
    static long encodedSize(IntegerStats stats, int count)
    {
        int width = stats.bitWidth();
        return width > BitPacking.MAX_WIDTH ? -1 : HEADER_BYTES + BitPacking.packedBytes(count, width);
    }

    @Override
    public boolean encode(ColumnVector src, int from, int count, ByteSink out)
    {
        if (!supports(src.physical())) {
            return false;
        }
        return encode(src, from, count, out, IntegerStats.of(src, from, count));
    }

    boolean encode(ColumnVector src, int from, int count, ByteSink out, IntegerStats stats)
    {
        int width = stats.bitWidth();
        if (width > BitPacking.MAX_WIDTH) {
            return false;
        }
        long min = stats.min;
        long[] deltas = IntegerStats.scratch(count);
        boolean nulls = src.hasNulls();
        for (int i = 0; i < count; i++) {
            int row = from + i;
            deltas[i] = nulls && src.isNull(row) ? 0 : src.getLongValue(row) - min;
        }
        out.writeLong(min);
        out.writeByte(width);
        BitPacking.pack(deltas, count, width, out);
        return true;
    }

    @Override
    public void decode(MemorySegment body, int numValues, int first, int count, ColumnVector dst, int dstOffset)
    {
        PlainEncoding.checkRange(numValues, first, count, dst, dstOffset);
        long min = body.get(LONG_LE, 0);
        int width = Byte.toUnsignedInt(body.get(ValueLayout.JAVA_BYTE, 8));
        if (width > BitPacking.MAX_WIDTH || HEADER_BYTES + BitPacking.packedBytes(numValues, width) > body.byteSize()) {
            throw new IndexOutOfBoundsException("BIT_PACKED body of " + body.byteSize() + " bytes, width " + width + ", " + numValues + " values");
        }
        MemorySegment data = dst.data();
        // One loop per physical type so the store is monomorphic (no switch per value).
        switch (dst.physical()) {
            case BYTE -> {
                for (int i = 0; i < count; i++) {
                    data.set(ValueLayout.JAVA_BYTE, dstOffset + i, (byte) (min + BitPacking.get(body, HEADER_BYTES, width, first + i)));
                }
            }
            case SHORT -> {
                for (int i = 0; i < count; i++) {
                    data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, dstOffset + i, (short) (min + BitPacking.get(body, HEADER_BYTES, width, first + i)));
                }
            }
            case INT -> {
                for (int i = 0; i < count; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, dstOffset + i, (int) (min + BitPacking.get(body, HEADER_BYTES, width, first + i)));
                }
            }
            case LONG -> {
                for (int i = 0; i < count; i++) {
                    data.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, dstOffset + i, min + BitPacking.get(body, HEADER_BYTES, width, first + i));
                }
            }
            default -> throw new IllegalArgumentException("BIT_PACKED cannot decode into " + dst.type());
        }
    }
}
