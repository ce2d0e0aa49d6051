package io.starling.storage.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node of the memory accounting tree (process → query → operator), modelled on Arrow's {@code Accountant}
 * and StarRocks' {@code MemTracker}: every off-heap byte is reserved against a context and all its ancestors,
 * each of which may have a limit. Lock-free: reservations are CAS loops on an {@link AtomicLong}.
 *
 * <p>A reservation that would exceed the limit of this context or of an ancestor fails with
 * {@link MemoryLimitExceededException} and changes nothing. Contexts are {@link AutoCloseable}; closing a
 * context whose bytes were not all released reports a leak through {@link #leakedBytesOnClose()}.
 */
public final class MemoryContext implements AutoCloseable
{
    /** No limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static final MemoryContext PROCESS = new MemoryContext(null, "process", UNLIMITED);

    private final MemoryContext parent;
    private final String name;
    private volatile long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private volatile long leakedOnClose = -1;

    private MemoryContext(MemoryContext parent, String name, long limit)
    {
        this.parent = parent;
        this.name = name;
        this.limit = limit;
    }

    /** The root of the tree: everything the process allocates off-heap. */
    public static MemoryContext process()
    {
        return PROCESS;
    }

    /** A new child; the caller owns it and must close it. */
    public MemoryContext newChild(String childName, long childLimit)
    {
        return new MemoryContext(this, childName, childLimit);
    }

    public MemoryContext newChild(String childName)
    {
        return newChild(childName, UNLIMITED);
    }

    /**
     * Reserves {@code bytes} in this context and every ancestor.
     *
     * @throws MemoryLimitExceededException if a limit would be exceeded; nothing is reserved then
     */
    public void reserve(long bytes)
    {
        if (bytes <= 0) {
            return;
        }
        MemoryContext failed = null;
        MemoryContext c = this;
        for (; c != null; c = c.parent) {
            if (!c.tryAdd(bytes)) {
                failed = c;
                break;
            }
        }
        if (failed != null) {
            for (MemoryContext u = this; u != failed; u = u.parent) {
                u.used.addAndGet(-bytes);
            }
            throw new MemoryLimitExceededException(String.format(
                    "Memory of %s exceeds limit: used %d bytes, requested %d bytes, limit %d bytes. "
                            + "Raise the limit with SET query_mem_limit = <bytes> or reduce the query's working set.",
                    failed.path(), failed.used.get(), bytes, failed.limit));
        }
    }

    private boolean tryAdd(long bytes)
    {
        while (true) {
            long cur = used.get();
            long next = cur + bytes;
            if (next > limit) {
                return false;
            }
            if (used.compareAndSet(cur, next)) {
                long p;
                while (next > (p = peak.get()) && !peak.compareAndSet(p, next)) {
                    // retry
                }
                return true;
            }
        }
    }

    /** Releases bytes reserved earlier by {@link #reserve(long)} on this context. */
    public void release(long bytes)
    {
        if (bytes <= 0) {
            return;
        }
        for (MemoryContext c = this; c != null; c = c.parent) {
            c.used.addAndGet(-bytes);
        }
    }

    public long used()
    {
        return used.get();
    }

    public long peak()
    {
        return peak.get();
    }

    public long limit()
    {
        return limit;
    }

    public void setLimit(long newLimit)
    {
        this.limit = newLimit;
    }

    public String name()
    {
        return name;
    }

    public MemoryContext parent()
    {
        return parent;
    }

    /** Slash-separated names from the root, e.g. {@code process/query-17/HashAggregate}. */
    public String path()
    {
        return parent == null ? name : parent.path() + "/" + name;
    }

    /** Bytes still reserved when {@link #close()} ran, or -1 if not closed yet. */
    public long leakedBytesOnClose()
    {
        return leakedOnClose;
    }

    /** Closes the context; outstanding bytes are released from the ancestors and recorded as leaked. */
    @Override
    public void close()
    {
        if (leakedOnClose >= 0) {
            return;
        }
        long left = used.get();
        leakedOnClose = left;
        if (left != 0 && parent != null) {
            parent.release(left);
            used.addAndGet(-left);
        }
    }
}
