package io.starling.exec.kernel.bloom;

import io.starling.storage.index.IndexValues;

/**
 * The 64-bit hashes runtime filters use on both sides of a join, so that the build side's bloom filter and the
 * probe side's test agree: integer-like keys (every fixed-width integer, date, datetime and short decimal, widened to
 * long) through MurmurHash3's {@code fmix64} finaliser (a bijection that spreads every input bit over the whole
 * word, so both the block index from the high half and the bit positions from the low half are well mixed), and
 * strings as FNV-1a over their UTF-8 bytes followed by the same finaliser.
 */
public final class KeyHash
{
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash()
    {
    }

    /** MurmurHash3 fmix64 (the one finaliser the storage indexes use too, {@link IndexValues#mix}). */
    public static long hashLong(long k)
    {
        return IndexValues.mix(k);
    }

    public static long hashBytes(byte[] b, int off, int len)
    {
        long h = FNV_OFFSET;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xff)) * FNV_PRIME;
        }
        return hashLong(h ^ len);
    }

    public static long hashBytes(java.lang.foreign.MemorySegment seg, long off, int len)
    {
        long h = FNV_OFFSET;
        for (long i = off; i < off + len; i++) {
            h = (h ^ (seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0xff)) * FNV_PRIME;
        }
        return hashLong(h ^ len);
    }
}
