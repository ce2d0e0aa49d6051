package io.starling.fe.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The statistics part of the catalog: table id -> {@link TableStatistics}, replaced as a whole on every change
 * (copy-on-write like the rest of the catalog, so planners read without locks). Changed only by the catalog's
 * journal application (PutTableStats / DropTableStats entries) and image loading.
 */
public final class TableStatsStore implements StatisticsSource
{
    private volatile Map<Long, TableStatistics> byTable = Map.of();

    @Override
    public TableStatistics statistics(long tableId)
    {
        return byTable.get(tableId);
    }

    /** Every entry (SHOW STATS META, images), in table-id order. */
    public List<TableStatistics> all()
    {
        List<TableStatistics> out = new ArrayList<>(byTable.values());
        out.sort((a, b) -> Long.compare(a.tableId(), b.tableId()));
        return out;
    }

    /** The entries whose table still exists: what a checkpoint image keeps (dropped tables' stats go here). */
    public List<TableStatistics> live(LongPredicate tableExists)
    {
        List<TableStatistics> out = new ArrayList<>();
        for (TableStatistics s : all()) {
            if (tableExists.test(s.tableId())) {
                out.add(s);
            }
        }
        return out;
    }

    public void put(TableStatistics s)
    {
        Map<Long, TableStatistics> next = new HashMap<>(byTable);
        next.put(s.tableId(), s);
        byTable = Collections.unmodifiableMap(next);
    }

    public void remove(long tableId)
    {
        if (byTable.containsKey(tableId)) {
            Map<Long, TableStatistics> next = new HashMap<>(byTable);
            next.remove(tableId);
            byTable = Collections.unmodifiableMap(next);
        }
    }

    /** Replaces everything with an image section's list (null in images written before statistics existed). */
    public void load(List<TableStatistics> image)
    {
        Map<Long, TableStatistics> next = new HashMap<>();
        if (image != null) {
            for (TableStatistics s : image) {
                next.put(s.tableId(), s);
            }
        }
        byTable = Collections.unmodifiableMap(next);
    }
}
