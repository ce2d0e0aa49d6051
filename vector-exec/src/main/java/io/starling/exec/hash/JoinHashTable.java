package io.starling.exec.hash;

import io.starling.exec.kernel.KernelProvider;
import io.starling.exec.kernel.hash.HashKernels;
import io.starling.exec.operator.BlockedFuture;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.util.Arrays;
import java.util.List;

/**
 * The build side of a hash join, shared by one build operator (which fills it) and the probe operators that
 * read it after {@link #finishBuild()} (DuckDB {@code JoinHashTable}, a per-query shared state object).
 *
 * <p>Layout:
 * <pre>
 *   rows       {@link RowStore}     build rows, all columns, id = insertion order
 *   hashes     long[rows]           64-bit key hash per row
 *   keys       long[rows]           the key as a long (one fixed-width key ≤ 8 bytes), or
 *   keyArena   byte[] + int[rows+1] the {@link KeyEncoder} bytes of the key (any other key)
 *   next       int[rows]            next row of the same bucket, -1 ends the chain
 *   heads      int[buckets]         first row of each bucket, -1 = empty; buckets = power of two ≥ 2 × rows
 * </pre>
 * Rows whose key has a NULL are stored (an outer join may need them) but never linked: NULL never equals
 * anything in an equi-join. The bucket is the hash's high bits; the full hash is compared before the key.
 *
 * <p>Lifecycle and threads: built by one driver, then {@link #buildFuture()} completes (a happens-before edge for
 * the probes, which only read). Reference counted: each operator {@link #retain()}s it in its constructor and
 * {@link #release()}s it in {@code close()}; the last release frees the memory.
 */
public final class JoinHashTable
{
    private final List<DataType> buildTypes;
    private final List<DataType> keyTypes;
    private final boolean longKey;
    private final PhysicalType longKeyPhysical;
    private final RowStore rows;
    private final MemoryAccount account;
    private final KeyEncoder encoder;
    private final HashKernels hashKernels = KernelProvider.get().hash();
    private final BlockedFuture built = BlockedFuture.create();
    private final long[] batchHashes = new long[ColumnBatch.MAX_ROWS];
    private long[] hashes = new long[1024];
    private long[] keys;
    private boolean[] nullKey = new boolean[1024];
    private byte[] keyArena;
    private int[] keyOffsets;
    private int[] next;
    private int[] heads;
    private int shift;
    private int refCount;
    private boolean freed;

    /**
     * @param buildTypes types of the build rows stored (the build operator's input columns)
     * @param keyTypes types of the equi-join keys (same on both sides; the planner casts)
     * @param memory the build operator's memory context: rows and side arrays are accounted to it
     */
    public JoinHashTable(List<DataType> buildTypes, List<DataType> keyTypes, MemoryContext memory)
    {
        this.buildTypes = List.copyOf(buildTypes);
        this.keyTypes = List.copyOf(keyTypes);
        PhysicalType p = keyTypes.size() == 1 ? keyTypes.getFirst().physical() : PhysicalType.VARLEN;
        this.longKey = p.isFixedWidth() && p != PhysicalType.INT128;
        this.longKeyPhysical = p;
        this.rows = new RowStore(buildTypes, memory);
        this.account = new MemoryAccount(memory);
        this.encoder = new KeyEncoder(keyTypes);
        account.grow(1024 * 9L + batchHashes.length * 8L);
        if (longKey) {
            account.grow(1024 * 8L);
            keys = new long[1024];
        }
        else {
            account.grow(1024 * 4L + 16 * 1024);
            keyOffsets = new int[1025];
            keyArena = new byte[16 * 1024];
        }
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

    public synchronized void retain()
    {
        refCount++;
    }

    /** Drops one reference; the last one frees rows and arrays. */
    public synchronized void release()
    {
        if (--refCount == 0) {
            free();
        }
    }

    private void free()
    {
        if (!freed) {
            freed = true;
            rows.close();
            account.close();
            hashes = null;
            keys = null;
            keyArena = null;
            next = null;
            heads = null;
        }
    }

    // ------------------------------------------------------------------ build

    /**
     * Appends the logical rows of {@code batch} (not closed here) with their evaluated key columns.
     */
    public void add(ColumnBatch batch, ColumnVector[] keyColumns)
    {
        if (built.isDone()) {
            throw new IllegalStateException("join hash table already built");
        }
        int n = batch.size();
        if (longKey) {
            LongGroupByHashTable.hashColumn(hashKernels, keyColumns[0], longKeyPhysical, batch.rowCount(), batchHashes);
        }
        ColumnVector[] cols = batch.columns();
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            int id = rows.size();
            ensureRowCapacity(id + 1);
            rows.append(cols, p);
            boolean isNull = false;
            for (ColumnVector k : keyColumns) {
                isNull |= k.isNull(p);
            }
            nullKey[id] = isNull;
            if (longKey) {
                keys[id] = isNull ? 0 : LongGroupByHashTable.keyOf(keyColumns[0], longKeyPhysical, p);
                hashes[id] = batchHashes[p];
            }
            else {
                encoder.encode(keyColumns, p);
                appendKeyBytes(id, encoder.buffer(), encoder.length());
                hashes[id] = KeyEncoder.hash(encoder.buffer(), 0, encoder.length());
            }
        }
    }

    private void ensureRowCapacity(int needed)
    {
        if (needed <= hashes.length) {
            return;
        }
        int cap = hashes.length * 2;
        int added = cap - hashes.length;
        account.grow(added * (9L + (longKey ? 8 : 4)));
        hashes = Arrays.copyOf(hashes, cap);
        nullKey = Arrays.copyOf(nullKey, cap);
        if (longKey) {
            keys = Arrays.copyOf(keys, cap);
        }
        else {
            keyOffsets = Arrays.copyOf(keyOffsets, cap + 1);
        }
    }

    private void appendKeyBytes(int id, byte[] key, int length)
    {
        int start = keyOffsets[id];
        if ((long) start + length > keyArena.length) {
            long grown = Math.max(keyArena.length * 2L, (long) start + length);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("join keys exceed 2 GiB");
            }
            account.grow(grown - keyArena.length);
            keyArena = Arrays.copyOf(keyArena, (int) grown);
        }
        System.arraycopy(key, 0, keyArena, start, length);
        keyOffsets[id + 1] = start + length;
    }

    /** Links all rows into buckets and releases the probes. */
    public void finishBuild()
    {
        int n = rows.size();
        int buckets = Integer.highestOneBit(Math.max(16, n) * 2 - 1) << 1;
        account.grow((long) buckets * 4 + (long) n * 4);
        heads = new int[buckets];
        Arrays.fill(heads, -1);
        next = new int[n];
        shift = 64 - Integer.numberOfTrailingZeros(buckets);
        // insert in reverse so that chains list rows in insertion order (stable output for equal keys)
        for (int id = n - 1; id >= 0; id--) {
            if (nullKey[id]) {
                next[id] = -1;
                continue;
            }
            int b = (int) (hashes[id] >>> shift);
            next[id] = heads[b];
            heads[b] = id;
        }
        built.complete();
    }

    /** Completes when the build is finished. */
    public BlockedFuture buildFuture()
    {
        return built;
    }

    public boolean isBuilt()
    {
        return built.isDone();
    }

    // ------------------------------------------------------------------ probe

    /** Number of build rows. */
    public int rowCount()
    {
        return rows.size();
    }

    /** First candidate row for {@code hash}, or -1. */
    public int first(long hash)
    {
        return heads[(int) (hash >>> shift)];
    }

    /** Next candidate row after {@code row} in the same bucket, or -1. */
    public int next(int row)
    {
        return next[row];
    }

    /** Whether build row {@code row} has this long key (and hash). */
    public boolean matchesLong(int row, long hash, long key)
    {
        return hashes[row] == hash && keys[row] == key;
    }

    /** Whether build row {@code row} has this encoded key (and hash). */
    public boolean matchesBytes(int row, long hash, byte[] key, int length)
    {
        return hashes[row] == hash && Arrays.equals(keyArena, keyOffsets[row], keyOffsets[row + 1], key, 0, length);
    }

    /** The stored build rows (read-only for probes). */
    public RowStore rows()
    {
        return rows;
    }
}
