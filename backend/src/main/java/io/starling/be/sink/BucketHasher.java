package io.starling.be.sink;

import io.starling.storage.batch.ColumnVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * Bucket of a row for HASH distribution: CRC32C over the distribution columns' values in their physical,
 * little-endian form (strings: their UTF-8 bytes; NULL: one 0xFF marker byte), chained column by column, then
 * {@code floorMod(hash, buckets)}. Deterministic across processes and restarts, so a row always lands in the
 * same tablet; the exact function differs from StarRocks' (it only has to be stable within Starling).
 */
public final class BucketHasher
{
    private static final byte[] NULL_MARKER = {(byte) 0xFF};

    private final int[] columns;
    private final int buckets;
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[16];

    public BucketHasher(int[] columns, int buckets)
    {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1, got " + buckets);
        }
        this.columns = columns.clone();
        this.buckets = buckets;
    }

    /** Bucket of physical row {@code row} of the batch columns. */
    public int bucket(ColumnVector[] batchColumns, int row)
    {
        crc.reset();
        for (int c : columns) {
            ColumnVector v = batchColumns[c];
            if (v.isNull(row)) {
                crc.update(NULL_MARKER);
                continue;
            }
            if (v.physical().isFixedWidth()) {
                int w = v.physical().width();
                MemorySegment.copy(v.data(), ValueLayout.JAVA_BYTE, (long) row * w, scratch, 0, w);
                crc.update(scratch, 0, w);
            }
            else {
                int off = v.getOffset(row);
                int len = v.getLength(row);
                crc.update(v.bytes().asSlice(off, len).asByteBuffer());
            }
        }
        return (int) Math.floorMod(crc.getValue(), (long) buckets);
    }
}
