package io.starling.fe.stats;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one table as the last ANALYZE TABLE collected them: the row count at that moment and one
 * {@link ColumnStatistics} per analyzed column. Keyed by table id, so a dropped table's statistics die with it (a
 * table re-created under the same name has a new id) and survive nothing but the table itself.
 *
 * <p>Loads keep the catalog's row count current but do not re-analyze: {@link #healthy(long)} compares the two.
 * StarRocks reports the same idea as "Healthy" in SHOW STATS META; it also re-collects automatically, which
 * Starling does not (yet).
 *
 * @param type            FULL or SAMPLE as written (SAMPLE is collected like FULL: every row is read)
 * @param analyzedColumns the column list of the statement, empty for all columns
 * @param rowCount        rows counted by the ANALYZE query
 * @param updateTimeMillis wall-clock end of the ANALYZE
 * @param properties      PROPERTIES of the statement, kept for SHOW STATS META
 */
public record TableStatistics(long tableId, String type, List<String> analyzedColumns, long rowCount,
        long updateTimeMillis, Map<String, String> properties, List<ColumnStatistics> columns)
{
    /**
     * Relative row-count change above which statistics are stale: issue 4's 20%. Beyond it a key column analyzed
     * as unique has grown new values the NDV does not know, so the join orderer ignores the statistics.
     */
    public static final double STALE_CHANGE = 0.20;

    public TableStatistics
    {
        analyzedColumns = analyzedColumns == null ? List.of() : List.copyOf(analyzedColumns);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The statistics of a column by case-insensitive name, or null. */
    public ColumnStatistics column(String name)
    {
        for (ColumnStatistics c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Health in [0, 1]: 1 minus the relative change of the row count since the ANALYZE, measured against the
     * larger of the two counts (so growing from 0 rows gives 0, not a division by zero).
     */
    public double healthy(long currentRows)
    {
        long base = Math.max(rowCount, currentRows);
        if (base == 0) {
            return 1;
        }
        return Math.max(0, 1 - (double) Math.abs(currentRows - rowCount) / base);
    }

    /** Whether loads changed the row count by more than {@link #STALE_CHANGE} of the analyzed count. */
    public boolean isStale(long currentRows)
    {
        return Math.abs(currentRows - rowCount) > STALE_CHANGE * rowCount;
    }
}
