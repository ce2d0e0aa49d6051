package io.starling.exec.hash;

import io.starling.exec.kernel.KernelProvider;
import io.starling.exec.kernel.hash.HashKernels;
import io.starling.exec.kernel.hash.ScalarHashKernels;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.util.Arrays;

/**
 * Group-by table for one fixed-width key of up to 8 bytes (all integer types, DATE, DATETIME, DECIMAL up to
 * 18 digits, BOOLEAN, FLOAT, DOUBLE), with the key held as a {@code long}: no serialization, no boxing.
 *
 * <p>Layout (heap arrays, accounted):
 * <pre>
 *   slotKeys   long[capacity]  key of the slot (FLOAT/DOUBLE as normalised bits, see {@link KeyEncoder})
 *   slotIds    int[capacity]   group id, -1 = empty                    (capacity a power of two, load ≤ 1/2)
 *   groupKeys  long[groups]    key of each group, for output
 * </pre>
 * The NULL key is not stored in the slots: it gets its own group id on first sight. Hashes are
 * {@code fmix64(key)} computed a batch at a time by the {@link HashKernels} for INT/LONG columns; the slot
 * index is the hash's high bits.
 */
public final class LongGroupByHashTable
        implements GroupByHashTable
{
    private static final int INITIAL_CAPACITY = 1024;

    private final PhysicalType physical;
    private final MemoryAccount account;
    private final HashKernels hashKernels = KernelProvider.get().hash();
    private final long[] hashes = new long[ColumnBatch.MAX_ROWS];
    private long[] slotKeys;
    private int[] slotIds;
    private int shift;
    private long[] groupKeys = new long[INITIAL_CAPACITY / 2];
    private int groups;
    private int nullGroup = -1;

    public LongGroupByHashTable(DataType keyType, MemoryAccount account)
    {
        this.physical = keyType.physical();
        if (!physical.isFixedWidth() || physical == PhysicalType.INT128) {
            throw new IllegalArgumentException("not a fixed-width key of at most 8 bytes: " + keyType);
        }
        this.account = account;
        account.grow(INITIAL_CAPACITY * 12L + groupKeys.length * 8L + hashes.length * 8L);
        slotKeys = new long[INITIAL_CAPACITY];
        slotIds = new int[INITIAL_CAPACITY];
        Arrays.fill(slotIds, -1);
        shift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    }

    /** The key of a non-null row as a long (the same mapping for build and probe sides). */
    public static long keyOf(ColumnVector v, PhysicalType physical, int row)
    {
        return switch (physical) {
            case BYTE -> v.getByte(row);
            case SHORT -> v.getShort(row);
            case INT -> v.getInt(row);
            case LONG -> v.getLong(row);
            case FLOAT -> KeyEncoder.normalizedFloatBits(v.getFloat(row));
            case DOUBLE -> KeyEncoder.normalizedDoubleBits(v.getDouble(row));
            default -> throw new IllegalArgumentException("not a long key: " + physical);
        };
    }

    /**
     * Fills {@code hashes[p] = fmix64(keyOf(v, p))} for physical rows {@code p < rows}, with the vector kernels
     * for INT and LONG columns (whole batch, selection ignored: hashing unselected rows is cheaper than
     * gathering).
     */
    public static void hashColumn(HashKernels kernels, ColumnVector v, PhysicalType physical, int rows, long[] hashes)
    {
        switch (physical) {
            case LONG -> kernels.hashLong(v.data(), 0, rows, hashes);
            case INT -> {
                // combine with a zero seed is exactly fmix64((long) key)
                Arrays.fill(hashes, 0, rows, 0L);
                kernels.combineInt(v.data(), 0, rows, hashes);
            }
            default -> {
                for (int p = 0; p < rows; p++) {
                    hashes[p] = ScalarHashKernels.fmix64(keyOf(v, physical, p));
                }
            }
        }
    }

    @Override
    public void findOrInsert(ColumnVector[] keys, ColumnBatch batch, int[] groupIds)
    {
        ColumnVector v = keys[0];
        hashColumn(hashKernels, v, physical, batch.rowCount(), hashes);
        boolean nulls = v.hasNulls();
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (nulls && v.isNull(p)) {
                if (nullGroup < 0) {
                    nullGroup = newGroup(0);
                }
                groupIds[i] = nullGroup;
            }
            else {
                groupIds[i] = findOrInsert(keyOf(v, physical, p), hashes[p]);
            }
        }
    }

    private int findOrInsert(long key, long hash)
    {
        int mask = slotIds.length - 1;
        int slot = (int) (hash >>> shift);
        while (true) {
            int id = slotIds[slot];
            if (id < 0) {
                break;
            }
            if (slotKeys[slot] == key) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        int id = newGroup(key);
        slotIds[slot] = id;
        slotKeys[slot] = key;
        if ((long) (groups - (nullGroup >= 0 ? 1 : 0)) * 2 > slotIds.length) {
            rehash();
        }
        return id;
    }

    private int newGroup(long key)
    {
        if (groups == groupKeys.length) {
            account.grow(groupKeys.length * 8L);
            groupKeys = Arrays.copyOf(groupKeys, groupKeys.length * 2);
        }
        groupKeys[groups] = key;
        return groups++;
    }

    private void rehash()
    {
        int capacity = slotIds.length * 2;
        account.grow(slotIds.length * 12L);
        long[] newKeys = new long[capacity];
        int[] newIds = new int[capacity];
        Arrays.fill(newIds, -1);
        int newShift = shift - 1;
        int mask = capacity - 1;
        for (int s = 0; s < slotIds.length; s++) {
            int id = slotIds[s];
            if (id >= 0) {
                long key = slotKeys[s];
                int slot = (int) (ScalarHashKernels.fmix64(key) >>> newShift);
                while (newIds[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                newIds[slot] = id;
                newKeys[slot] = key;
            }
        }
        slotKeys = newKeys;
        slotIds = newIds;
        shift = newShift;
    }

    @Override
    public int groupCount()
    {
        return groups;
    }

    @Override
    public void writeKeys(int firstGroup, int count, ColumnVector[] out)
    {
        ColumnVector v = out[0];
        for (int r = 0; r < count; r++) {
            int g = firstGroup + r;
            if (g == nullGroup) {
                v.setNull(r, true);
                continue;
            }
            if (v.hasNulls()) {
                v.setNull(r, false);
            }
            long key = groupKeys[g];
            switch (physical) {
                case FLOAT -> v.setFloat(r, Float.intBitsToFloat((int) key));
                case DOUBLE -> v.setDouble(r, Double.longBitsToDouble(key));
                default -> v.setLongValue(r, key);
            }
        }
    }

    @Override
    public void close()
    {
        slotKeys = new long[0];
        slotIds = new int[0];
        groupKeys = new long[0];
    }
}
