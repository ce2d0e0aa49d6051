package io.starling.be.rf;

import io.starling.be.scan.ZonePredicate;
import io.starling.exec.kernel.bloom.BloomProbe;
import io.starling.exec.kernel.bloom.KeyHash;
import io.starling.exec.kernel.bloom.SplitBlockBloomFilter;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.index.zonemap.ZoneMapPredicate;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one hash join's build side published about one equi-join key, once the build was complete (immutable, read
 * by any number of scan drivers): whether there was no non-NULL key at all ({@link #empty}: no probe row can match,
 * the scan may stop), the key's min and max (zonemap pruning of segments and pages, and a range test on rows), and,
 * when the build side was small enough to be worth it, an exact IN set (at most {@link RuntimeFilterBuilder#IN_SET_MAX}
 * distinct keys) or a {@link SplitBlockBloomFilter} for the row test. NULL keys never match an equi-join, so the row
 * test drops NULL probe rows too.
 *
 * <p>Two key domains: {@link Domain#LONG} for every fixed-width integer-like key (integers, DATE days, DATETIME
 * micros, DECIMAL up to 18 digits as unscaled long: the planner only pairs a build key with a probe column of the
 * same value domain) and {@link Domain#BYTES} for strings (UTF-8 bytes, compared unsigned like the zonemaps).
 */
public final class RuntimeFilter
{
    /** Value domain of the key. */
    public enum Domain
    {
        LONG,
        BYTES
    }

    private final int id;
    private final Domain domain;
    private final boolean empty;
    private final long buildRows;
    private final long min;
    private final long max;
    private final byte[] minBytes;
    private final byte[] maxBytes;
    /** Sorted distinct keys (LONG domain), or null. */
    private final long[] inLongs;
    /** Distinct keys (BYTES domain), or null. */
    private final Set<ByteBuffer> inBytes;
    private final SplitBlockBloomFilter bloom;

    RuntimeFilter(int id, Domain domain, boolean empty, long buildRows, long min, long max, byte[] minBytes,
            byte[] maxBytes, long[] inLongs, Set<ByteBuffer> inBytes, SplitBlockBloomFilter bloom)
    {
        this.id = id;
        this.domain = domain;
        this.empty = empty;
        this.buildRows = buildRows;
        this.min = min;
        this.max = max;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
        this.inLongs = inLongs;
        this.inBytes = inBytes;
        this.bloom = bloom;
    }

    public int id()
    {
        return id;
    }

    public Domain domain()
    {
        return domain;
    }

    /** True when the build side had no non-NULL key: nothing on the probe side can match. */
    public boolean empty()
    {
        return empty;
    }

    public long buildRows()
    {
        return buildRows;
    }

    /** Whether the filter has a row-level membership test (IN set or bloom) beyond min/max. */
    public boolean hasMembership()
    {
        return inLongs != null || inBytes != null || bloom != null;
    }

    public boolean hasBloom()
    {
        return bloom != null;
    }

    /** Number of IN-set values, or -1 when there is no IN set. */
    public int inSetSize()
    {
        return inLongs != null ? inLongs.length : inBytes != null ? inBytes.size() : -1;
    }

    public long min()
    {
        return min;
    }

    public long max()
    {
        return max;
    }

    /** Whether the filter applies to a column of this physical type (its value domain). */
    public boolean appliesTo(PhysicalType physical)
    {
        return switch (physical) {
            case BYTE, SHORT, INT, LONG -> domain == Domain.LONG;
            case VARLEN -> domain == Domain.BYTES;
            default -> false;
        };
    }

    /**
     * Zonemap predicates on scan output column {@code column}: key >= min and key <= max, plus an IN list when the
     * set is small (a page whose range holds none of the values is skipped). Empty for an empty filter (the scan
     * stops instead).
     */
    public List<ZonePredicate> zonePredicates(int column, PhysicalType physical)
    {
        List<ZonePredicate> out = new ArrayList<>();
        if (empty || !appliesTo(physical)) {
            return out;
        }
        String text = "runtime filter " + id + " on $" + column;
        if (domain == Domain.LONG) {
            out.add(new ZonePredicate(column, ZoneMapPredicate.compare(ZoneMapPredicate.Op.GE, physical, min), text));
            out.add(new ZonePredicate(column, ZoneMapPredicate.compare(ZoneMapPredicate.Op.LE, physical, max), text));
            if (inLongs != null && inLongs.length <= ZONE_IN_MAX) {
                List<Object> values = new ArrayList<>(inLongs.length);
                for (long v : inLongs) {
                    values.add(v);
                }
                out.add(new ZonePredicate(column, ZoneMapPredicate.in(physical, values), text));
            }
        }
        else if (minBytes != null) {
            out.add(new ZonePredicate(column, ZoneMapPredicate.compare(ZoneMapPredicate.Op.GE, physical, minBytes), text));
            out.add(new ZonePredicate(column, ZoneMapPredicate.compare(ZoneMapPredicate.Op.LE, physical, maxBytes), text));
        }
        return out;
    }

    /**
     * Largest IN set also used for page pruning: each page check walks the list, so past a few dozen values the
     * min/max pair prunes nearly as well for much less work.
     */
    static final int ZONE_IN_MAX = 32;

    /**
     * Compacts {@code positions[0..n)} (rows of {@code v}) to the rows that may match: not NULL, within
     * [min, max] and, if there is one, in the IN set or the bloom filter. Returns the new count.
     *
     * @param hashes scratch of at least {@code n} longs
     */
    public int filter(ColumnVector v, int[] positions, int n, long[] hashes)
    {
        if (empty) {
            return 0;
        }
        int k = 0;
        boolean nulls = v.hasNulls();
        if (domain == Domain.LONG) {
            MemorySegment data = v.data();
            PhysicalType p = v.physical();
            for (int i = 0; i < n; i++) {
                int row = positions[i];
                long x = switch (p) {
                    case BYTE -> data.get(ValueLayout.JAVA_BYTE, row);
                    case SHORT -> data.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, row);
                    case INT -> data.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
                    default -> data.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row);
                };
                boolean keep = x >= min && x <= max && !(nulls && v.isNull(row));
                positions[k] = row;
                hashes[k] = x;
                k += keep ? 1 : 0;
            }
            if (inLongs != null) {
                int m = 0;
                for (int i = 0; i < k; i++) {
                    positions[m] = positions[i];
                    m += Arrays.binarySearch(inLongs, hashes[i]) >= 0 ? 1 : 0;
                }
                return m;
            }
            if (bloom != null) {
                for (int i = 0; i < k; i++) {
                    hashes[i] = KeyHash.hashLong(hashes[i]);
                }
                return BloomProbe.get().probe(bloom, hashes, positions, k);
            }
            return k;
        }
        MemorySegment bytes = v.bytes();
        for (int i = 0; i < n; i++) {
            int row = positions[i];
            if (nulls && v.isNull(row)) {
                continue;
            }
            int off = v.getOffset(row);
            int len = v.getLength(row);
            boolean keep;
            if (inBytes != null) {
                byte[] b = new byte[len];
                MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, off, b, 0, len);
                keep = inBytes.contains(ByteBuffer.wrap(b));
            }
            else if (bloom != null) {
                keep = bloom.mightContain(KeyHash.hashBytes(bytes, off, len));
            }
            else {
                keep = true;
            }
            if (keep) {
                positions[k++] = row;
            }
        }
        return k;
    }

    /** EXPLAIN ANALYZE / log text. */
    public String describe()
    {
        if (empty) {
            return "filter " + id + ": build side empty";
        }
        String kind = inLongs != null || inBytes != null ? "IN(" + inSetSize() + ")" : bloom != null ? "bloom(" + bloom.blocks() * 32 + " B)" : "min/max";
        return "filter " + id + ": " + kind + (domain == Domain.LONG ? " [" + min + ", " + max + "]" : "") + " from " + buildRows + " rows";
    }
}
