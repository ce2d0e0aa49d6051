package io.starling.exec.hash;

import io.starling.exec.kernel.KernelProvider;
import io.starling.exec.kernel.hash.HashKernels;
import io.starling.exec.operator.BlockedFuture;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.BufferAllocator;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The build side of a hash join, shared by the build drivers (which fill it) and the probe drivers (which read it
 * once it is built): an off-heap, partitioned, tag-byte table (DuckDB {@code JoinHashTable}, a per-query shared state
 * object; partitioned build as in DuckDB's radix-partitioned join and Umbra).
 *
 * <p>Build, in three phases:
 * <ol>
 *   <li>each of the {@link #setBuilders n} build drivers fills its own {@link JoinPartitionBuffer}: rows into a private
 *       {@link RowStore}, (hash, key, row) entries into one of {@link #PARTITIONS} lists by the hash's top
 *       {@link #PARTITION_BITS} bits. No locks.</li>
 *   <li>the last driver to {@link #finishBuffer finish} adopts every driver's row chunks into one store (row ids become
 *       global: chunk base + local id), allocates {@code next}, and completes {@link #inputFuture()}.</li>
 *   <li>each partition is turned into a {@link JoinTagTable} by one task: {@link #buildNextPartition()} claims the next
 *       unbuilt partition and builds it. Build and probe drivers call it, so the partitions are built in parallel on
 *       the scheduler's workers; the one that builds the last partition completes {@link #buildFuture()}. Small
 *       inputs (below {@link #SERIAL_BUILD_ROWS}) are built at once by the last build driver.</li>
 * </ol>
 *
 * <p>Layout of the shared part:
 * <pre>
 *   rows        RowStore                build rows, all columns; id = chunk &lt;&lt; 12 | row (chunks of all drivers)
 *   keyBytes    RowStore (one VARLEN)   {@link KeyEncoder} bytes of the key, same ids (serialized keys only)
 *   next        int[chunks &lt;&lt; 12]      off-heap: next build row with the same key, -1 ends the list
 *   partitions  JoinTagTable[16]        by hash bits 63..60: key → first row of the key
 * </pre>
 * Rows whose key has a NULL are stored (an outer join may need them) but never entered: NULL never equals anything
 * in an equi-join. Rows of one key are listed in the order the drivers added them (driver by driver).
 *
 * <p>Lifecycle: reference counted; each operator {@link #retain()}s it and {@link #release()}s it in {@code close()};
 * the last release frees all memory, which is accounted to the {@link MemoryContext} given at construction.
 */
public final class JoinHashTable
{
    /** Hash bits that choose the partition: 16 partitions, several per worker, so the parallel build balances. */
    public static final int PARTITION_BITS = 4;
    /** Number of partitions. */
    public static final int PARTITIONS = 1 << PARTITION_BITS;
    /** Below this many rows all partitions are built by the last build driver at once (no point spreading them). */
    public static final int SERIAL_BUILD_ROWS = 1 << 16;

    private final List<DataType> buildTypes;
    private final List<DataType> keyTypes;
    private final boolean longKey;
    private final PhysicalType longKeyPhysical;
    private final MemoryContext memory;
    private final HashKernels hashKernels = KernelProvider.get().hash();
    private final BlockedFuture input = BlockedFuture.create();
    private final BlockedFuture built = BlockedFuture.create();
    private final List<JoinPartitionBuffer> buffers = new ArrayList<>();
    private final List<JoinPartitionBuffer> finishedBuffers = new ArrayList<>();
    private final JoinTagTable[] partitions = new JoinTagTable[PARTITIONS];
    private final AtomicInteger nextPartition = new AtomicInteger();
    private final AtomicInteger partitionsBuilt = new AtomicInteger();
    private final RowStore rows;
    private RowStore keyBytes;
    private int builders = 1;
    private int rowCount;
    private boolean nullKey;
    private MemorySegment next;
    private int refCount;
    private boolean freed;

    /**
     * @param buildTypes types of the build rows stored (the build operator's input columns)
     * @param keyTypes types of the equi-join keys (same on both sides; the planner casts)
     * @param memory the build's memory context: rows, scratch and tables are accounted to it
     */
    public JoinHashTable(List<DataType> buildTypes, List<DataType> keyTypes, MemoryContext memory)
    {
        this.buildTypes = List.copyOf(buildTypes);
        this.keyTypes = List.copyOf(keyTypes);
        PhysicalType p = keyTypes.size() == 1 ? keyTypes.getFirst().physical() : PhysicalType.VARLEN;
        this.longKey = p.isFixedWidth() && p != PhysicalType.INT128;
        this.longKeyPhysical = p;
        this.memory = memory;
        this.rows = new RowStore(buildTypes, memory);
    }

    /** Partition of a key hash: its top {@link #PARTITION_BITS} bits. */
    static int partitionOf(long hash)
    {
        return (int) (hash >>> (64 - PARTITION_BITS));
    }

    /** Sets the number of build drivers (default 1); call before any driver finishes. */
    public synchronized void setBuilders(int count)
    {
        if (count < 1) {
            throw new IllegalArgumentException("builders must be ≥ 1: " + count);
        }
        this.builders = count;
    }

    public List<DataType> buildTypes()
    {
        return buildTypes;
    }

    public List<DataType> keyTypes()
    {
        return keyTypes;
    }

    /** True when the key is one fixed-width value compared as a long (see {@link LongGroupByHashTable#keyOf}). */
    public boolean hasLongKey()
    {
        return longKey;
    }

    /** Physical type of the long key. */
    public PhysicalType longKeyPhysical()
    {
        return longKeyPhysical;
    }

    /** The hash kernels used for long keys (both sides must hash alike). */
    public HashKernels hashKernels()
    {
        return hashKernels;
    }

    public synchronized void retain()
    {
        refCount++;
    }

    /** Drops one reference; the last one frees rows, tables and scratch. */
    public synchronized void release()
    {
        if (--refCount == 0) {
            free();
        }
    }

    private void free()
    {
        if (freed) {
            return;
        }
        freed = true;
        for (JoinPartitionBuffer b : buffers) {
            b.close();
        }
        rows.close();
        if (keyBytes != null) {
            keyBytes.close();
        }
        for (int p = 0; p < PARTITIONS; p++) {
            if (partitions[p] != null) {
                partitions[p].close();
                partitions[p] = null;
            }
        }
        if (next != null) {
            BufferAllocator.shared().free(memory, next);
            next = null;
        }
    }

    // ------------------------------------------------------------------ build

    /** A new per-driver buffer (one per build operator). */
    public synchronized JoinPartitionBuffer newBuffer()
    {
        if (input.isDone() || freed) {
            throw new IllegalStateException("join hash table input already complete");
        }
        JoinPartitionBuffer b = new JoinPartitionBuffer(this, memory);
        buffers.add(b);
        return b;
    }

    /**
     * Hands over a driver's filled buffer. The last of the {@link #setBuilders expected} ones seals the input and,
     * for a small build, builds every partition.
     *
     * @return true if this call sealed the input
     */
    public boolean finishBuffer(JoinPartitionBuffer buffer)
    {
        synchronized (this) {
            if (freed) {
                return false;
            }
            finishedBuffers.add(buffer);
            if (finishedBuffers.size() < builders) {
                return false;
            }
            seal();
        }
        input.complete();
        if (rowCount < SERIAL_BUILD_ROWS) {
            while (buildNextPartition()) {
                // all partitions here
            }
        }
        return true;
    }

    /** Concatenates the drivers' rows (finished order) and allocates {@code next}. */
    private void seal()
    {
        boolean anyKeyBytes = !longKey;
        if (anyKeyBytes) {
            keyBytes = new RowStore(List.of(DataType.STRING), memory);
        }
        for (JoinPartitionBuffer b : finishedBuffers) {
            rowCount += b.rowCount();
            nullKey |= b.hasNullKey();
            int base = rows.adopt(b.rows());
            if (anyKeyBytes) {
                keyBytes.adopt(b.keyBytes());
            }
            b.chunkBase = base;
        }
        long ids = (long) rows.chunkCount() << RowStore.CHUNK_SHIFT;
        next = BufferAllocator.shared().allocate(memory, Math.max(1, ids) * Integer.BYTES);
    }

    /**
     * Claims and builds the next unbuilt partition. Any thread, after {@link #inputFuture()} completed.
     *
     * @return false when every partition was already claimed (maybe still being built by another thread)
     */
    public boolean buildNextPartition()
    {
        if (!input.isDone()) {
            throw new IllegalStateException("join build input not complete");
        }
        int p = nextPartition.getAndIncrement();
        if (p >= PARTITIONS) {
            return false;
        }
        partitions[p] = buildPartition(p);
        if (partitionsBuilt.incrementAndGet() == PARTITIONS) {
            built.complete();
        }
        return true;
    }

    /** True when every partition is claimed (the remaining ones are being built elsewhere). */
    public boolean allPartitionsClaimed()
    {
        return nextPartition.get() >= PARTITIONS;
    }

    private JoinTagTable buildPartition(int p)
    {
        int entries = 0;
        for (JoinPartitionBuffer b : finishedBuffers) {
            entries += b.partition(p).size();
        }
        JoinTagTable t = new JoinTagTable(memory, entries, PARTITION_BITS);
        try {
            // in reverse, prepending: each key's list ends up in insertion order
            for (int bi = finishedBuffers.size() - 1; bi >= 0; bi--) {
                JoinPartitionBuffer b = finishedBuffers.get(bi);
                int base = b.chunkBase << RowStore.CHUNK_SHIFT;
                GrowableSegment s = b.partition(p);
                if (longKey) {
                    for (int e = s.size() - 1; e >= 0; e--) {
                        long off = (long) e * JoinPartitionBuffer.LONG_ENTRY;
                        int row = base + s.getInt(off + 16);
                        int prev = t.insertLong(s.getLong(off), s.getLong(off + 8), row);
                        next.setAtIndex(ValueLayout.JAVA_INT, row, prev);
                    }
                }
                else {
                    for (int e = s.size() - 1; e >= 0; e--) {
                        long off = (long) e * JoinPartitionBuffer.BYTES_ENTRY;
                        int row = base + s.getInt(off + 8);
                        int prev = insertBytes(t, s.getLong(off), row);
                        next.setAtIndex(ValueLayout.JAVA_INT, row, prev);
                    }
                }
                s.close();
            }
        }
        catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
        return t;
    }

    private int insertBytes(JoinTagTable t, long hash, int row)
    {
        byte tag = JoinTagTable.tagOf(hash);
        ColumnVector kv = keyBytes.column(row, 0);
        int kr = row & RowStore.CHUNK_MASK;
        for (long s = t.home(hash); ; s = t.nextSlot(s)) {
            byte ts = t.tag(s);
            if (ts == 0) {
                t.occupy(s, tag, hash, row);
                return -1;
            }
            if (ts == tag && t.slotValue(s) == hash) {
                int other = t.row(s);
                ColumnVector ov = keyBytes.column(other, 0);
                int or = other & RowStore.CHUNK_MASK;
                if (sameBytes(kv.bytes(), kv.getOffset(kr), kv.getLength(kr), ov.bytes(), ov.getOffset(or), ov.getLength(or))) {
                    t.setRow(s, row);
                    return other;
                }
            }
        }
    }

    private static boolean sameBytes(MemorySegment a, long aOff, int aLen, MemorySegment b, long bOff, int bLen)
    {
        return aLen == bLen && MemorySegment.mismatch(a, aOff, aOff + aLen, b, bOff, bOff + bLen) < 0;
    }

    /** Completes when every build driver handed its rows over (partitions may still be unbuilt). */
    public BlockedFuture inputFuture()
    {
        return input;
    }

    /** Completes when every partition is built. */
    public BlockedFuture buildFuture()
    {
        return built;
    }

    public boolean isBuilt()
    {
        return built.isDone();
    }

    // ------------------------------------------------------------------ probe

    /** Number of build rows (valid once the input is complete). */
    public int rowCount()
    {
        return rowCount;
    }

    /** Whether some build row has a NULL in its key (NOT IN semantics of the null-aware anti join). */
    public boolean hasNullKey()
    {
        return nullKey;
    }

    /** First build row with this long key, or -1. */
    public int findLong(long hash, long key)
    {
        return partitions[partitionOf(hash)].findLong(hash, key);
    }

    /** First build row with this encoded key, or -1. */
    public int findBytes(long hash, byte[] key, int length)
    {
        JoinTagTable t = partitions[partitionOf(hash)];
        byte tag = JoinTagTable.tagOf(hash);
        for (long s = t.home(hash); ; s = t.nextSlot(s)) {
            byte ts = t.tag(s);
            if (ts == 0) {
                return -1;
            }
            if (ts == tag && t.slotValue(s) == hash) {
                int row = t.row(s);
                ColumnVector kv = keyBytes.column(row, 0);
                int kr = row & RowStore.CHUNK_MASK;
                if (kv.getLength(kr) == length
                        && MemorySegment.mismatch(kv.bytes(), kv.getOffset(kr), kv.getOffset(kr) + length,
                        MemorySegment.ofArray(key), 0, length) < 0) {
                    return row;
                }
            }
        }
    }

    /** Next build row with the same key as {@code row}, or -1. */
    public int next(int row)
    {
        return next.getAtIndex(ValueLayout.JAVA_INT, row);
    }

    /** The stored build rows (read-only for probes). */
    public RowStore rows()
    {
        return rows;
    }

    /** Upper bound (exclusive) of row ids: ids are not dense across drivers' chunks. */
    public int rowIdLimit()
    {
        return rows.chunkCount() << RowStore.CHUNK_SHIFT;
    }
}
