package io.starling.be.rf;

import io.starling.be.scan.ZonePredicate;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.util.ArrayList;
import java.util.List;

/**
 * The runtime filters one scan driver applies (one instance per driver: it keeps scratch arrays): the targets the
 * planner gave the scan (filter id, scan output column), resolved against the fragment's registry whenever its
 * {@link RuntimeFilterRegistry#version()} moved. The scan asks at each new segment for {@link #zonePredicates()}
 * (segment and page pruning with min/max and small IN sets), checks {@link #buildSideEmpty()} (stop scanning) and
 * runs {@link #apply} on every batch right after its own conjuncts, before the other columns are materialized.
 * Filters not yet published are simply not applied: a scan never waits (see {@link RuntimeFilterRegistry}).
 */
public final class ScanRuntimeFilters
{
    /** One planned target: filter {@code filterId} compares scan output column {@code column}. */
    public record Target(int filterId, int column)
    {
    }

    private final RuntimeFilterRegistry registry;
    private final List<Target> targets;
    private final PhysicalType[] physical;
    private final boolean[] targetColumns;
    private final List<RuntimeFilter> active = new ArrayList<>();
    private final List<Integer> activeColumns = new ArrayList<>();
    private int seenVersion = -1;
    private boolean empty;
    private int[] positions = new int[0];
    private long[] hashes = new long[0];

    public ScanRuntimeFilters(RuntimeFilterRegistry registry, List<Target> targets, List<DataType> columnTypes)
    {
        this.registry = registry;
        this.targets = List.copyOf(targets);
        this.physical = new PhysicalType[columnTypes.size()];
        for (int i = 0; i < physical.length; i++) {
            physical[i] = columnTypes.get(i).physical();
        }
        this.targetColumns = new boolean[columnTypes.size()];
        for (Target t : targets) {
            targetColumns[t.column()] = true;
        }
    }

    /**
     * Picks up newly published filters; true when the set changed (the scan then re-derives its zonemap predicates).
     */
    public boolean refresh()
    {
        int v = registry.version();
        if (v == seenVersion) {
            return false;
        }
        seenVersion = v;
        int before = active.size();
        active.clear();
        activeColumns.clear();
        for (Target t : targets) {
            RuntimeFilter f = registry.get(t.filterId());
            if (f == null || !f.appliesTo(physical[t.column()])) {
                continue;
            }
            active.add(f);
            activeColumns.add(t.column());
            empty |= f.empty();
        }
        return active.size() != before;
    }

    /** True once some filter reported an empty build side: no row of this scan can reach its join. */
    public boolean buildSideEmpty()
    {
        return empty;
    }

    /** Whether output column {@code column} is a filter target (read before the late-materialized columns). */
    public boolean readsColumn(int column)
    {
        return targetColumns[column];
    }

    /** Whether any filter is active now. */
    public boolean hasActive()
    {
        return !active.isEmpty();
    }

    /** Zonemap predicates of the active filters. */
    public List<ZonePredicate> zonePredicates()
    {
        List<ZonePredicate> out = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            int c = activeColumns.get(i);
            out.addAll(active.get(i).zonePredicates(c, physical[c]));
        }
        return out;
    }

    /**
     * Narrows the batch's selection to the rows every active filter may keep; returns the number of rows removed.
     * The filtered columns must have been read.
     */
    public int apply(ColumnBatch batch)
    {
        if (active.isEmpty() || batch.size() == 0) {
            return 0;
        }
        int n = batch.size();
        if (positions.length < batch.rowCount()) {
            positions = new int[Math.max(batch.rowCount(), ColumnBatch.MAX_ROWS)];
            hashes = new long[positions.length];
        }
        int[] sel = batch.selection();
        for (int i = 0; i < n; i++) {
            positions[i] = sel == null ? i : sel[i];
        }
        int k = n;
        for (int i = 0; i < active.size() && k > 0; i++) {
            k = active.get(i).filter(batch.column(activeColumns.get(i)), positions, k, hashes);
        }
        if (k == n) {
            return 0;
        }
        // a fresh array: the batch's old selection may be a shared scratch of the kernel filter
        batch.setSelection(java.util.Arrays.copyOf(positions, Math.max(k, 1)), k);
        return n - k;
    }

    /** EXPLAIN ANALYZE text of the active filters. */
    public List<String> describe()
    {
        return active.stream().map(RuntimeFilter::describe).toList();
    }
}
