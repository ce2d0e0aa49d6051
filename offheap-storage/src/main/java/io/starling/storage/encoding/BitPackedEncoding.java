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
    /** Per-thread decode scratch of one {@link BitPacking#UNPACK_CHUNK}. */
    private static final ThreadLocal<long[]> VALUES = ThreadLocal.withInitial(() -> new long[BitPacking.UNPACK_CHUNK]);
    private static final ThreadLocal<int[]> INTS = ThreadLocal.withInitial(() -> new int[BitPacking.UNPACK_CHUNK]);
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
        long[] values = VALUES.get();
        // One loop per physical type so the store is monomorphic (no switch per value); values are unpacked a
        // chunk at a time into a heap array and stored with one bulk copy.
        PhysicalType pt = dst.physical();
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, BitPacking.UNPACK_CHUNK);
            int at = dstOffset + done;
            if (pt == PhysicalType.INT) {
                int[] ints = INTS.get();
                BitPacking.unpackInts(body, HEADER_BYTES, width, first + done, n, min, ints);
                MemorySegment.copy(ints, 0, data, ValueLayout.JAVA_INT_UNALIGNED, 4L * at, n);
                done += n;
                continue;
            }
            BitPacking.unpack(body, HEADER_BYTES, width, first + done, n, min, values);
            switch (pt) {
                case BYTE -> {
                    for (int i = 0; i < n; i++) {
                        data.set(ValueLayout.JAVA_BYTE, at + i, (byte) values[i]);
                    }
                }
                case SHORT -> {
                    for (int i = 0; i < n; i++) {
                        data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, at + i, (short) values[i]);
                    }
                }
                case LONG -> MemorySegment.copy(values, 0, data, ValueLayout.JAVA_LONG_UNALIGNED, 8L * at, n);
                default -> throw new IllegalArgumentException("BIT_PACKED cannot decode into " + dst.type());
            }
            done += n;
        }
    }

    /** See {@link PageEncoder#decodeSelected}; rows were range-checked by the caller. */
    void decodeSelected(MemorySegment body, int numValues, int[] rows, int from, int to, int delta, ColumnVector dst)
    {
        long min = body.get(LONG_LE, 0);
        int width = Byte.toUnsignedInt(body.get(ValueLayout.JAVA_BYTE, 8));
        if (width > BitPacking.MAX_WIDTH || HEADER_BYTES + BitPacking.packedBytes(numValues, width) > body.byteSize()) {
            throw new IndexOutOfBoundsException("BIT_PACKED body of " + body.byteSize() + " bytes, width " + width + ", " + numValues + " values");
        }
        MemorySegment data = dst.data();
        switch (dst.physical()) {
            case BYTE -> {
                for (int i = from; i < to; i++) {
                    data.set(ValueLayout.JAVA_BYTE, rows[i], (byte) (min + BitPacking.get(body, HEADER_BYTES, width, rows[i] + delta)));
                }
            }
            case SHORT -> {
                for (int i = from; i < to; i++) {
                    data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, rows[i], (short) (min + BitPacking.get(body, HEADER_BYTES, width, rows[i] + delta)));
                }
            }
            case INT -> {
                for (int i = from; i < to; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, rows[i], (int) (min + BitPacking.get(body, HEADER_BYTES, width, rows[i] + delta)));
                }
            }
            case LONG -> {
                for (int i = from; i < to; i++) {
                    data.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, rows[i], min + BitPacking.get(body, HEADER_BYTES, width, rows[i] + delta));
                }
            }
            default -> throw new IllegalArgumentException("BIT_PACKED cannot decode into " + dst.type());
        }
    }
}
