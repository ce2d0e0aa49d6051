package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.starling.storage.io.ByteSource.INT_LE;
import static io.starling.storage.io.ByteSource.LONG_LE;

/**
 * RLE for BYTE/SHORT/INT/LONG physical types (booleans, flags, sorted low-cardinality keys).
 *
 * <pre>
 * u32 runCount
 * runCount x { u32 length (≥ 1), i64 value }
 * </pre>
 * Values are stored as 8 bytes whatever the physical width: runs are rare by construction (the encoder only
 * picks RLE when there are few), so a narrower value would save little and cost a per-type reader. A null row
 * repeats the value of the row before it (0 at the start) so that nulls do not break runs.
 */
public final class RleEncoding implements PageEncoding
{
    public static final RleEncoding INSTANCE = new RleEncoding();
    /** Bytes per run: length (4) + value (8). */
    public static final int RUN_BYTES = 12;

    private RleEncoding()
    {
    }

    @Override
    public EncodingType type()
    {
        return EncodingType.RLE;
    }

    @Override
    public boolean supports(PhysicalType type)
    {
        return IntegerStats.isInteger(type);
    }

    static long encodedSize(IntegerStats stats)
    {
        return 4L + (long) stats.runs * RUN_BYTES;
    }

    @Override
    public boolean encode(ColumnVector src, int from, int count, ByteSink out)
    {
        if (!supports(src.physical())) {
            return false;
        }
        int countAt = out.skip(4);
        int runs = 0;
        boolean nulls = src.hasNulls();
        long cur = 0;
        int runLength = 0;
        for (int i = 0; i < count; i++) {
            int row = from + i;
            long v = nulls && src.isNull(row) ? cur : src.getLongValue(row);
            if (runLength > 0 && v != cur) {
                out.writeInt(runLength);
                out.writeLong(cur);
                runs++;
                runLength = 0;
            }
            cur = v;
            runLength++;
        }
        if (runLength > 0) {
            out.writeInt(runLength);
            out.writeLong(cur);
            runs++;
        }
        out.setInt(countAt, runs);
        return true;
    }

    @Override
    public void decode(MemorySegment body, int numValues, int first, int count, ColumnVector dst, int dstOffset)
    {
        PlainEncoding.checkRange(numValues, first, count, dst, dstOffset);
        int runs = body.get(INT_LE, 0);
        if (runs < 0 || 4L + (long) runs * RUN_BYTES > body.byteSize()) {
            throw new IndexOutOfBoundsException("RLE body of " + body.byteSize() + " bytes cannot hold " + runs + " runs");
        }
        PhysicalType pt = dst.physical();
        if (!supports(pt)) {
            throw new IllegalArgumentException("RLE cannot decode into " + dst.type());
        }
        long pos = 4;
        int runStart = 0;
        int written = 0;
        int end = first + count;
        for (int r = 0; r < runs && written < count; r++, pos += RUN_BYTES) {
            int len = body.get(INT_LE, pos);
            if (len <= 0) {
                throw new IllegalArgumentException("RLE run " + r + " has length " + len);
            }
            int runEnd = runStart + len;
            if (runEnd > first) {
                int a = Math.max(runStart, first);
                int b = Math.min(runEnd, end);
                fill(dst, pt, dstOffset + (a - first), b - a, body.get(LONG_LE, pos + 4));
                written += b - a;
            }
            runStart = runEnd;
        }
        if (written != count) {
            throw new IndexOutOfBoundsException("RLE runs cover fewer than " + end + " values");
        }
    }

    private static void fill(ColumnVector dst, PhysicalType pt, int row, int n, long v)
    {
        MemorySegment data = dst.data();
        switch (pt) {
            case BYTE -> data.asSlice(row, n).fill((byte) v);
            case SHORT -> {
                for (int i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, row + i, (short) v);
                }
            }
            case INT -> {
                for (int i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row + i, (int) v);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    data.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row + i, v);
                }
            }
        }
    }
}
