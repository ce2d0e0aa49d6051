package io.starling.exec.hash;

import io.starling.storage.memory.BufferAllocator;
import io.starling.storage.memory.MemoryContext;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An append-only list of fixed-size entries in one off-heap segment from the {@link BufferAllocator}, doubled when
 * full (the join build's per-partition scratch: hash, key, row id). Single-threaded; accounted to a
 * {@link MemoryContext} through the allocator.
 */
final class GrowableSegment
        implements AutoCloseable
{
    /** First capacity in entries: small, because a join has P partitions per build driver and most are tiny. */
    private static final int INITIAL_ENTRIES = 64;

    private final MemoryContext memory;
    private final int entryBytes;
    private MemorySegment segment;
    private int size;

    GrowableSegment(MemoryContext memory, int entryBytes)
    {
        this.memory = memory;
        this.entryBytes = entryBytes;
    }

    /** Number of entries. */
    int size()
    {
        return size;
    }

    /** The backing segment (entries [0, size) are valid); null while empty. */
    MemorySegment segment()
    {
        return segment;
    }

    /** Reserves one more entry and returns its byte offset. */
    long addEntry()
    {
        long needed = (long) (size + 1) * entryBytes;
        if (segment == null || needed > segment.byteSize()) {
            long cap = segment == null ? (long) INITIAL_ENTRIES * entryBytes : segment.byteSize() * 2;
            MemorySegment grown = BufferAllocator.shared().allocate(memory, cap);
            if (segment != null) {
                MemorySegment.copy(segment, 0, grown, 0, (long) size * entryBytes);
                BufferAllocator.shared().free(memory, segment);
            }
            segment = grown;
        }
        return (long) size++ * entryBytes;
    }

    long getLong(long offset)
    {
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    }

    int getInt(long offset)
    {
        return segment.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
    }

    @Override
    public void close()
    {
        if (segment != null) {
            BufferAllocator.shared().free(memory, segment);
            segment = null;
        }
        size = 0;
    }
}
