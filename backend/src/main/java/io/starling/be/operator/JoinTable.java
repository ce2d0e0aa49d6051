package io.starling.be.operator;

import io.starling.storage.memory.MemoryContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The build side of an interim hash join shared by the build pipeline's sink and the probe operators: build rows
 * grouped by their boxed key (rows with a NULL key are kept only for outer output and null-aware anti joins).
 * {@link #ready()} completes when the build pipeline finished; probes park on it. Read-only after that, so any
 * number of probe drivers may share it (RIGHT/FULL OUTER probes, which mark matches, run with one driver).
 */
public final class JoinTable
{
    private final Map<List<Object>, List<Integer>> index = new HashMap<>();
    private final List<Object[]> rows = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final MemoryContext ctx;
    private long reserved;
    private boolean hasNullKey;
    private boolean[] matched;

    public JoinTable(MemoryContext ctx)
    {
        this.ctx = ctx;
    }

    /** Adds a build row (called by the single build driver). */
    void add(List<Object> key, Object[] row)
    {
        long bytes = Rows.estimateBytes(row) + 48;
        ctx.reserve(bytes);
        reserved += bytes;
        int id = rows.size();
        rows.add(row);
        if (key.contains(null)) {
            hasNullKey = true;
            return;
        }
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
    }

    void markReady()
    {
        matched = new boolean[rows.size()];
        ready.complete(null);
    }

    public CompletableFuture<Void> ready()
    {
        return ready;
    }

    List<Integer> lookup(List<Object> key)
    {
        if (key.contains(null)) {
            return List.of();
        }
        List<Integer> ids = index.get(key);
        return ids == null ? List.of() : ids;
    }

    Object[] row(int id)
    {
        return rows.get(id);
    }

    int size()
    {
        return rows.size();
    }

    boolean hasNullKey()
    {
        return hasNullKey;
    }

    void markMatched(int id)
    {
        matched[id] = true;
    }

    boolean isMatched(int id)
    {
        return matched[id];
    }

    /** Frees the accounted memory; called by the fragment when every driver ended. */
    public void release()
    {
        ctx.release(reserved);
        reserved = 0;
        rows.clear();
        index.clear();
    }
}
