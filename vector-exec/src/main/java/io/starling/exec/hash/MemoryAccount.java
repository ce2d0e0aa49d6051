package io.starling.exec.hash;

import io.starling.storage.memory.MemoryContext;

/**
 * Accounts heap arrays of operator state (hash table slots, accumulators) to a {@link MemoryContext}, so the
 * query memory limit covers them like off-heap buffers. Callers {@link #grow} before allocating a larger array,
 * so a failed reservation leaves the structure unchanged.
 */
public final class MemoryAccount
        implements AutoCloseable
{
    private final MemoryContext memory;
    private long bytes;

    public MemoryAccount(MemoryContext memory)
    {
        this.memory = memory;
    }

    /**
     * Reserves {@code delta} more bytes.
     *
     * @throws io.starling.storage.memory.MemoryLimitExceededException if a limit would be exceeded
     */
    public void grow(long delta)
    {
        memory.reserve(delta);
        bytes += delta;
    }

    /** Returns {@code delta} bytes (an array was replaced by a smaller one or dropped). */
    public void shrink(long delta)
    {
        long d = Math.min(delta, bytes);
        memory.release(d);
        bytes -= d;
    }

    /** Bytes currently accounted. */
    public long bytes()
    {
        return bytes;
    }

    public MemoryContext memory()
    {
        return memory;
    }

    @Override
    public void close()
    {
        memory.release(bytes);
        bytes = 0;
    }
}
