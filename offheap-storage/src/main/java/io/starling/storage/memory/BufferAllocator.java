package io.starling.storage.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Hands out off-heap {@link MemorySegment}s accounted to a {@link MemoryContext}.
 *
 * <p>Small and medium buffers (≤ {@link #MAX_POOLED_BYTES}) come from power-of-two size classes carved out of
 * {@link #SLAB_BYTES} slabs; each slab lives in its own shared {@link Arena} that is never closed (closing a
 * shared arena costs 64-131 µs, see notes/jdk25-performance.md §2.2), and freed buffers go back to a
 * per-class free list. Larger buffers get their own shared arena, closed on {@link #free}.
 *
 * <p>Every segment is 64-byte aligned and zero-filled on allocation is NOT guaranteed for pooled buffers.
 * The caller that allocates a segment owns it and must pass it to {@link #free} exactly once.
 */
public final class BufferAllocator
{
    /** Slab size: large enough that slab arenas are rare, small enough not to waste memory for tiny queries. */
    public static final long SLAB_BYTES = 4L << 20;
    /** Buffers larger than this get a dedicated arena. */
    public static final long MAX_POOLED_BYTES = 1L << 20;
    /** Smallest size class: one cache line. */
    public static final int MIN_CLASS_SHIFT = 6;
    private static final int MAX_CLASS_SHIFT = 20;
    public static final long ALIGNMENT = 64;

    private static final BufferAllocator SHARED = new BufferAllocator();

    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<MemorySegment>[] freeLists = new ConcurrentLinkedDeque[MAX_CLASS_SHIFT + 1];
    private final java.util.concurrent.ConcurrentHashMap<Long, Arena> largeArenas = new java.util.concurrent.ConcurrentHashMap<>();

    private BufferAllocator()
    {
        for (int i = 0; i < freeLists.length; i++) {
            freeLists[i] = new ConcurrentLinkedDeque<>();
        }
    }

    /** The process-wide allocator. */
    public static BufferAllocator shared()
    {
        return SHARED;
    }

    /** Allocates at least {@code bytes} bytes, reserved against {@code ctx}. The returned segment has exactly the rounded capacity. */
    public MemorySegment allocate(MemoryContext ctx, long bytes)
    {
        long size = roundedSize(bytes);
        ctx.reserve(size);
        try {
            if (size <= MAX_POOLED_BYTES) {
                int cls = Long.numberOfTrailingZeros(size);
                MemorySegment seg = freeLists[cls].pollFirst();
                if (seg == null) {
                    refill(cls);
                    seg = freeLists[cls].pollFirst();
                }
                return seg;
            }
            Arena arena = Arena.ofShared();
            MemorySegment seg = arena.allocate(size, ALIGNMENT);
            largeArenas.put(seg.address(), arena);
            return seg;
        }
        catch (RuntimeException | Error e) {
            ctx.release(size);
            throw e;
        }
    }

    /** Returns a segment obtained from {@link #allocate}; releases its bytes from {@code ctx}. */
    public void free(MemoryContext ctx, MemorySegment seg)
    {
        long size = seg.byteSize();
        if (size <= MAX_POOLED_BYTES) {
            freeLists[Long.numberOfTrailingZeros(size)].addFirst(seg);
        }
        else {
            Arena arena = largeArenas.remove(seg.address());
            if (arena != null) {
                arena.close();
            }
        }
        ctx.release(size);
    }

    /** The capacity a request of {@code bytes} really gets. */
    public static long roundedSize(long bytes)
    {
        if (bytes <= (1L << MIN_CLASS_SHIFT)) {
            return 1L << MIN_CLASS_SHIFT;
        }
        if (bytes <= MAX_POOLED_BYTES) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + ALIGNMENT - 1) & -ALIGNMENT;
    }

    private synchronized void refill(int cls)
    {
        if (!freeLists[cls].isEmpty()) {
            return;
        }
        long size = 1L << cls;
        MemorySegment slab = Arena.ofShared().allocate(SLAB_BYTES, ALIGNMENT);
        for (long off = 0; off + size <= SLAB_BYTES; off += size) {
            freeLists[cls].addLast(slab.asSlice(off, size));
        }
    }
}
