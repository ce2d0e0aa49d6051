package io.starling.exec.hash;

import io.starling.exec.kernel.KernelProvider;
import io.starling.storage.memory.BufferAllocator;
import io.starling.storage.memory.MemoryContext;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One partition of a {@link JoinHashTable}: an off-heap open-addressing table with a 1-byte tag per slot.
 *
 * <p>Layout (capacity = power of two ≥ 2 × entries, at least {@link #MIN_CAPACITY}, so the load is ≤ ½):
 * <pre>
 *   tags   byte[capacity + 32]  0 = empty, else 0x80 | low 7 hash bits; bytes [capacity, capacity+32) mirror [0, 32)
 *   slots  long[capacity]       the key (one fixed-width key as a long) or the full 64-bit hash (serialized keys)
 *   rows   int[capacity]        the first build row of the key; later rows of the same key follow
 *                               {@link JoinHashTable#next}
 * </pre>
 * Linear probing from the home slot, which is taken from the hash bits just below the partition bits. A lookup
 * compares tags first, so a miss touches one byte per probed slot (the whole tag array is 1/13 of the table) and the
 * key only for the 1 in 128 slots whose tag matches by chance. The mirror lets a 32-tag vector load start at any
 * slot. Two probe loops walk the same layout: a scalar one (slot by slot) and a Vector API one that compares 32 tags
 * at once ({@link PanamaTagMatch}); which one runs is {@link #VECTOR_PROBE}.
 *
 * <p>Filled by one thread (the partition's build task), then read-only.
 */
public final class JoinTagTable
        implements AutoCloseable
{
    /** Tags compared per vector load: one 256-bit AVX2 register of bytes. */
    public static final int GROUP = 32;
    /** Smallest capacity: two groups, so the mirror never overlaps itself. */
    public static final int MIN_CAPACITY = 2 * GROUP;
    /**
     * Whether lookups use the 32-tag vector loop: {@code -Dio.starling.join.probe=vector|scalar}; by default vector when
     * the Panama kernels were chosen (see {@code SimdSupport}). Measured in perf-reports/2026-11-23-join-table.
     */
    public static final boolean VECTOR_PROBE = chooseVector();

    private final MemoryContext memory;
    private final MemorySegment tags;
    private final MemorySegment slots;
    private final MemorySegment rows;
    private final long mask;
    private final int homeShift;
    private int size;
    private boolean closed;

    /**
     * @param entries number of distinct-or-not keys that will be inserted (an upper bound of the distinct ones)
     * @param partitionBits hash bits above the home slot bits (they chose the partition)
     */
    public JoinTagTable(MemoryContext memory, int entries, int partitionBits)
    {
        long cap = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, (long) entries) * 2 - 1) << 1);
        if (cap > (1L << 30)) {
            throw new IllegalStateException("join partition too large: " + entries + " rows");
        }
        this.memory = memory;
        BufferAllocator a = BufferAllocator.shared();
        MemorySegment t = a.allocate(memory, cap + GROUP);
        MemorySegment s = null;
        MemorySegment r = null;
        try {
            s = a.allocate(memory, cap * Long.BYTES);
            r = a.allocate(memory, cap * Integer.BYTES);
        }
        catch (RuntimeException | Error e) {
            a.free(memory, t);
            if (s != null) {
                a.free(memory, s);
            }
            throw e;
        }
        // pooled buffers are not zeroed; only the tags need it (empty = 0)
        t.fill((byte) 0);
        this.tags = t;
        this.slots = s;
        this.rows = r;
        this.mask = cap - 1;
        this.homeShift = 64 - partitionBits - Long.numberOfTrailingZeros(cap);
    }

    private static boolean chooseVector()
    {
        String p = System.getProperty("io.starling.join.probe", "auto");
        return switch (p) {
            case "vector" -> true;
            case "scalar" -> false;
            default -> KernelProvider.get().getClass().getSimpleName().startsWith("Panama");
        };
    }

    static byte tagOf(long hash)
    {
        return (byte) (0x80 | (hash & 0x7F));
    }

    /** Home slot of {@code hash}. */
    long home(long hash)
    {
        return (hash >>> homeShift) & mask;
    }

    long capacity()
    {
        return mask + 1;
    }

    /** Number of occupied slots (distinct keys). */
    public int size()
    {
        return size;
    }

    byte tag(long slot)
    {
        return tags.get(ValueLayout.JAVA_BYTE, slot);
    }

    long slotValue(long slot)
    {
        return slots.getAtIndex(ValueLayout.JAVA_LONG, slot);
    }

    int row(long slot)
    {
        return rows.getAtIndex(ValueLayout.JAVA_INT, slot);
    }

    void setRow(long slot, int row)
    {
        rows.setAtIndex(ValueLayout.JAVA_INT, slot, row);
    }

    long nextSlot(long slot)
    {
        return (slot + 1) & mask;
    }

    /** Occupies the empty {@code slot}. */
    void occupy(long slot, byte tag, long value, int row)
    {
        tags.set(ValueLayout.JAVA_BYTE, slot, tag);
        if (slot < GROUP) {
            tags.set(ValueLayout.JAVA_BYTE, mask + 1 + slot, tag);
        }
        slots.setAtIndex(ValueLayout.JAVA_LONG, slot, value);
        rows.setAtIndex(ValueLayout.JAVA_INT, slot, row);
        size++;
    }

    /**
     * Inserts build row {@code row} with a long key; returns the previous first row of that key (the caller links it
     * after {@code row}), or -1 if the key is new.
     */
    int insertLong(long hash, long key, int row)
    {
        byte tag = tagOf(hash);
        for (long s = home(hash); ; s = nextSlot(s)) {
            byte t = tag(s);
            if (t == 0) {
                occupy(s, tag, key, row);
                return -1;
            }
            if (t == tag && slotValue(s) == key) {
                int prev = row(s);
                setRow(s, row);
                return prev;
            }
        }
    }

    /** The first build row whose key is {@code key}, or -1. */
    public int findLong(long hash, long key)
    {
        return VECTOR_PROBE ? findLongVector(hash, key) : findLongScalar(hash, key);
    }

    int findLongScalar(long hash, long key)
    {
        byte tag = tagOf(hash);
        for (long s = home(hash); ; s = nextSlot(s)) {
            byte t = tag(s);
            if (t == 0) {
                return -1;
            }
            if (t == tag && slotValue(s) == key) {
                return row(s);
            }
        }
    }

    int findLongVector(long hash, long key)
    {
        byte tag = tagOf(hash);
        long s = home(hash);
        while (true) {
            long m = PanamaTagMatch.match(tags, s, tag);
            long empty = m >>> GROUP;
            long eq = m & 0xFFFF_FFFFL;
            if (empty != 0) {
                eq &= Long.lowestOneBit(empty) - 1;
            }
            while (eq != 0) {
                long slot = (s + Long.numberOfTrailingZeros(eq)) & mask;
                if (slotValue(slot) == key) {
                    return row(slot);
                }
                eq &= eq - 1;
            }
            if (empty != 0) {
                return -1;
            }
            s = (s + GROUP) & mask;
        }
    }

    @Override
    public void close()
    {
        if (!closed) {
            closed = true;
            BufferAllocator a = BufferAllocator.shared();
            a.free(memory, tags);
            a.free(memory, slots);
            a.free(memory, rows);
        }
    }
}
