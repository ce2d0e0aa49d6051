package io.starling.storage.pk;

import io.starling.storage.memory.MemoryContext;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The in-memory primary index of one Primary Key tablet: encoded key ({@link KeyEncoder}) → location of the one
 * live row with that key. A location packs a segment ordinal (assigned by the owner, stable while the index lives)
 * and the row id in the segment: {@code ordinal << 32 | row}.
 *
 * <p>Memory is accounted in the given {@link MemoryContext} (the tablet's index context) with an estimate per entry
 * of the key bytes plus {@link #ENTRY_OVERHEAD_BYTES}; {@link #close()} releases it. Not thread-safe: the tablet
 * store uses it under the tablet's lock.
 */
public final class PrimaryIndex implements PkIndex
{
    /**
     * Heap bytes per entry besides the key bytes, from the JVM object layout with compressed oops: byte[] header 16,
     * key wrapper 24, boxed Long 16, HashMap.Node 32, table slot 4 at load factor 0.75 ≈ 6, rounded up to 96.
     */
    static final long ENTRY_OVERHEAD_BYTES = 96;

    private final HashMap<Key, Long> map = new HashMap<>();
    private final MemoryContext memory;
    private long reserved;

    public PrimaryIndex(MemoryContext memory)
    {
        this.memory = memory;
    }

    public static long location(int segmentOrdinal, int row)
    {
        return (long) segmentOrdinal << 32 | (row & 0xFFFFFFFFL);
    }

    public static int segmentOf(long location)
    {
        return (int) (location >>> 32);
    }

    public static int rowOf(long location)
    {
        return (int) location;
    }

    @Override
    public long put(byte[] key, long location)
    {
        Long old = map.put(new Key(key), location);
        if (old == null) {
            account(key.length + ENTRY_OVERHEAD_BYTES);
            return NONE;
        }
        return old;
    }

    @Override
    public long remove(byte[] key)
    {
        Long old = map.remove(new Key(key));
        if (old == null) {
            return NONE;
        }
        account(-(key.length + ENTRY_OVERHEAD_BYTES));
        return old;
    }

    @Override
    public long get(byte[] key)
    {
        Long loc = map.get(new Key(key));
        return loc == null ? NONE : loc;
    }

    @Override
    public long size()
    {
        return map.size();
    }

    @Override
    public boolean persistent()
    {
        return false;
    }

    @Override
    public void forEach(EntryConsumer consumer) throws IOException
    {
        for (java.util.Map.Entry<Key, Long> e : map.entrySet()) {
            consumer.accept(e.getKey().bytes(), e.getValue());
        }
    }

    @Override
    public long memoryBytes()
    {
        return reserved;
    }

    private void account(long delta)
    {
        if (delta > 0) {
            memory.reserve(delta);
        }
        else {
            memory.release(-delta);
        }
        reserved += delta;
    }

    /** Releases the accounted memory; the index must not be used afterwards. */
    @Override
    public void close()
    {
        map.clear();
        if (reserved > 0) {
            memory.release(reserved);
        }
        reserved = 0;
        memory.close();
    }

    /** Byte-array key with value equality. */
    private record Key(byte[] bytes)
    {
        @Override
        public boolean equals(Object o)
        {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode()
        {
            return Arrays.hashCode(bytes);
        }
    }
}
