package io.starling.be.rf;

import io.starling.exec.kernel.bloom.KeyHash;
import io.starling.exec.kernel.bloom.SplitBlockBloomFilter;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.PhysicalType;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Accumulates one build-side join key over the build input and makes the {@link RuntimeFilter}: min/max and the
 * distinct keys while there are at most {@link #IN_SET_MAX}; past that, the 64-bit hashes of all keys (8 bytes a
 * build row), from which a bloom filter sized by the build row count is made at the end. Above
 * {@code maxBuildRows} rows (StarRocks' {@code runtime_join_filter_push_down_limit}) the hashes are dropped and only
 * min/max and emptiness are published: a bloom filter of a huge build side filters little and costs memory.
 * NULL keys are skipped (they never match). Single-threaded: the build pipeline has one driver.
 */
public final class RuntimeFilterBuilder
{
    /** Largest exact IN set (StarRocks: IN filters for build sides of at most 1024 rows). */
    public static final int IN_SET_MAX = 1024;

    private final int id;
    private final RuntimeFilter.Domain domain;
    private final long maxBuildRows;

    private long rows;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private byte[] minBytes;
    private byte[] maxBytes;
    /** Distinct LONG keys, open addressing (null once more than IN_SET_MAX). */
    private LongSet distinctLongs = new LongSet();
    private Set<ByteBuffer> distinctBytes = new HashSet<>();
    private long[] hashes = new long[1024];
    private boolean hashesDropped;

    /**
     * @param maxBuildRows build rows above which no IN set or bloom filter is made
     */
    public RuntimeFilterBuilder(int id, PhysicalType keyPhysical, long maxBuildRows)
    {
        this.id = id;
        this.domain = keyPhysical == PhysicalType.VARLEN ? RuntimeFilter.Domain.BYTES : RuntimeFilter.Domain.LONG;
        this.maxBuildRows = maxBuildRows;
    }

    /** Whether a key of this physical type can be filtered. */
    public static boolean supports(PhysicalType p)
    {
        return switch (p) {
            case BYTE, SHORT, INT, LONG, VARLEN -> true;
            default -> false;
        };
    }

    /** Adds the key values of the batch's selected rows ({@code key} is indexed like the batch's rows). */
    public void add(ColumnBatch batch, ColumnVector key)
    {
        int n = batch.size();
        boolean nulls = key.hasNulls();
        for (int i = 0; i < n; i++) {
            int row = batch.position(i);
            if (nulls && key.isNull(row)) {
                continue;
            }
            if (domain == RuntimeFilter.Domain.LONG) {
                addLong(key.getLongValue(row));
            }
            else {
                addBytes(key.getBytes(row));
            }
        }
    }

    void addLong(long v)
    {
        rows++;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (distinctLongs != null && !distinctLongs.add(v)) {
            return;
        }
        if (distinctLongs != null && distinctLongs.size() > IN_SET_MAX) {
            distinctLongs = null;
        }
        addHash(KeyHash.hashLong(v));
    }

    void addBytes(byte[] v)
    {
        rows++;
        if (minBytes == null || Arrays.compareUnsigned(v, minBytes) < 0) {
            minBytes = v;
        }
        if (maxBytes == null || Arrays.compareUnsigned(v, maxBytes) > 0) {
            maxBytes = v;
        }
        if (distinctBytes != null && !distinctBytes.add(ByteBuffer.wrap(v))) {
            return;
        }
        if (distinctBytes != null && distinctBytes.size() > IN_SET_MAX) {
            distinctBytes = null;
        }
        addHash(KeyHash.hashBytes(v, 0, v.length));
    }

    /** Only first occurrences are hashed while the distinct set is tracked; duplicates later add harmless repeats. */
    private void addHash(long h)
    {
        if (hashesDropped) {
            return;
        }
        if (rows > maxBuildRows) {
            hashesDropped = true;
            hashes = null;
            return;
        }
        int count = (int) hashCount;
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        hashes[count] = h;
        hashCount++;
    }

    private long hashCount;

    /** The filter over everything added. */
    public RuntimeFilter build()
    {
        if (rows == 0) {
            return new RuntimeFilter(id, domain, true, 0, 0, 0, null, null, null, null, null);
        }
        long[] in = null;
        Set<ByteBuffer> inBytes = null;
        SplitBlockBloomFilter bloom = null;
        if (domain == RuntimeFilter.Domain.LONG && distinctLongs != null) {
            in = distinctLongs.toSortedArray();
        }
        else if (domain == RuntimeFilter.Domain.BYTES && distinctBytes != null) {
            inBytes = Set.copyOf(distinctBytes);
        }
        else if (!hashesDropped) {
            bloom = SplitBlockBloomFilter.forKeys(rows);
            for (int i = 0; i < hashCount; i++) {
                bloom.insert(hashes[i]);
            }
        }
        hashes = null;
        return new RuntimeFilter(id, domain, false, rows, min, max, minBytes, maxBytes, in, inBytes, bloom);
    }

    /** A small open-addressing set of longs for up to IN_SET_MAX + 1 values. */
    static final class LongSet
    {
        /** Power of two at least twice IN_SET_MAX + 1, so the table stays at most half full. */
        private static final int CAPACITY = 4096;
        private final long[] keys = new long[CAPACITY];
        private final boolean[] used = new boolean[CAPACITY];
        private int size;

        boolean add(long v)
        {
            int i = (int) KeyHash.hashLong(v) & (CAPACITY - 1);
            while (used[i]) {
                if (keys[i] == v) {
                    return false;
                }
                i = (i + 1) & (CAPACITY - 1);
            }
            used[i] = true;
            keys[i] = v;
            size++;
            return true;
        }

        int size()
        {
            return size;
        }

        long[] toSortedArray()
        {
            long[] out = new long[size];
            int k = 0;
            for (int i = 0; i < CAPACITY; i++) {
                if (used[i]) {
                    out[k++] = keys[i];
                }
            }
            Arrays.sort(out);
            return out;
        }
    }
}
