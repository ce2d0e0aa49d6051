package io.starling.exec.hash;

import java.util.Arrays;

/**
 * Open-addressing hash set of byte-string keys that numbers keys densely in insertion order (0, 1, 2, ...):
 * the generic group-by table and the COUNT(DISTINCT) set.
 *
 * <p>Layout (all heap primitive arrays, accounted through a {@link MemoryAccount}):
 * <pre>
 *   slots      int[capacity]   key id, or -1 if empty          (capacity a power of two, load ≤ 1/2)
 *   slotHash   long[capacity]  full 64-bit hash of the slot's key: compared before the bytes
 *   offsets    int[ids + 1]    key id i is arena[offsets[i], offsets[i+1])
 *   arena      byte[]          concatenated keys
 * </pre>
 * The slot index is the high bits of the hash (multiply-shift style); probing is linear.
 */
public final class BytesHashTable
        implements AutoCloseable
{
    /** Load factor 1/2: linear probing stays short for skewed hashes (notes/jdk25-performance.md §5.1: 0.5-0.7). */
    private static final int LOAD_FACTOR_SHIFT = 1;
    private static final int INITIAL_CAPACITY = 1024;

    private final MemoryAccount account;
    private int[] slots;
    private long[] slotHash;
    private int shift;
    private int[] offsets = new int[INITIAL_CAPACITY / 2 + 1];
    private byte[] arena = new byte[16 * INITIAL_CAPACITY];
    private int count;
    private boolean lastInserted;

    public BytesHashTable(MemoryAccount account)
    {
        this.account = account;
        account.grow(INITIAL_CAPACITY * 12L + offsets.length * 4L + arena.length);
        slots = new int[INITIAL_CAPACITY];
        Arrays.fill(slots, -1);
        slotHash = new long[INITIAL_CAPACITY];
        shift = 64 - Integer.numberOfTrailingZeros(INITIAL_CAPACITY);
    }

    /** Number of distinct keys. */
    public int size()
    {
        return count;
    }

    /** Whether the last {@link #findOrInsert} added a new key. */
    public boolean lastInserted()
    {
        return lastInserted;
    }

    /** Id of the key {@code key[0, length)} with hash {@code hash} (see {@link KeyEncoder#hash}), inserting it if new. */
    public int findOrInsert(byte[] key, int length, long hash)
    {
        int mask = slots.length - 1;
        int slot = (int) (hash >>> shift);
        while (true) {
            int id = slots[slot];
            if (id < 0) {
                break;
            }
            if (slotHash[slot] == hash && Arrays.equals(arena, offsets[id], offsets[id + 1], key, 0, length)) {
                lastInserted = false;
                return id;
            }
            slot = (slot + 1) & mask;
        }
        int id = insertKey(key, length);
        slots[slot] = id;
        slotHash[slot] = hash;
        lastInserted = true;
        if ((long) count << LOAD_FACTOR_SHIFT > slots.length) {
            rehash();
        }
        return id;
    }

    private int insertKey(byte[] key, int length)
    {
        if (count + 2 > offsets.length) {
            int grown = offsets.length * 2;
            account.grow((grown - offsets.length) * 4L);
            offsets = Arrays.copyOf(offsets, grown);
        }
        int start = offsets[count];
        if ((long) start + length > arena.length) {
            long grown = Math.max((long) arena.length * 2, (long) start + length);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("hash table keys exceed 2 GiB");
            }
            account.grow(grown - arena.length);
            arena = Arrays.copyOf(arena, (int) grown);
        }
        System.arraycopy(key, 0, arena, start, length);
        offsets[count + 1] = start + length;
        return count++;
    }

    private void rehash()
    {
        int capacity = slots.length * 2;
        account.grow(slots.length * 12L);
        int[] newSlots = new int[capacity];
        Arrays.fill(newSlots, -1);
        long[] newHash = new long[capacity];
        int newShift = shift - 1;
        int mask = capacity - 1;
        for (int s = 0; s < slots.length; s++) {
            int id = slots[s];
            if (id >= 0) {
                int slot = (int) (slotHash[s] >>> newShift);
                while (newSlots[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                newSlots[slot] = id;
                newHash[slot] = slotHash[s];
            }
        }
        slots = newSlots;
        slotHash = newHash;
        shift = newShift;
    }

    /** The arena holding key {@code id} at {@link #keyOffset}. */
    public byte[] keyBytes()
    {
        return arena;
    }

    public int keyOffset(int id)
    {
        return offsets[id];
    }

    public int keyLength(int id)
    {
        return offsets[id + 1] - offsets[id];
    }

    @Override
    public void close()
    {
        slots = new int[0];
        slotHash = new long[0];
        arena = new byte[0];
        offsets = new int[1];
        count = 0;
    }
}
