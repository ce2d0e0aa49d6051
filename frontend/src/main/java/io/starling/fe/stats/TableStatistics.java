package io.starling.fe.stats;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one table as the last ANALYZE TABLE collected them: the row count at that moment and one
 * {@link ColumnStatistics} per analyzed column. Keyed by table id, so a dropped table's statistics die with it (a
 * table re-created under the same name has a new id) and survive nothing but the table itself.
 *
 * <p>Committed loads fold what they wrote into the statistics ({@link LoadStatistics}: NDV sketches unioned,
 * min/max widened, NULLs added), so they stay current without ANALYZE; {@link #healthy(long)} compares the recorded
 * row count with the catalog's (StarRocks' "Healthy" in SHOW STATS META) for changes loads do not report (deletes).
 *
 * @param type            FULL or SAMPLE as written (SAMPLE is collected like FULL: every row is read)
 * @param analyzedColumns the column list of the statement, empty for all columns
 * @param rowCount        rows counted by the ANALYZE query
 * @param updateTimeMillis wall-clock end of the ANALYZE
 * @param properties      PROPERTIES of the statement, kept for SHOW STATS META
 * @param source          who collected them last: {@link #SOURCE_ANALYZE} (also null, entries written before
 *                        loads collected statistics) or {@link #SOURCE_LOAD}
 */
public record TableStatistics(long tableId, String type, List<String> analyzedColumns, long rowCount,
        long updateTimeMillis, Map<String, String> properties, List<ColumnStatistics> columns, String source)
{
    public static final String SOURCE_ANALYZE = "ANALYZE";
    /** Folded from the column sketches of committed loads (see {@link LoadStatistics}). */
    public static final String SOURCE_LOAD = "LOAD";

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
        source = source == null ? SOURCE_ANALYZE : source;
    }

    /** Statistics collected by ANALYZE TABLE. */
    public TableStatistics(long tableId, String type, List<String> analyzedColumns, long rowCount,
            long updateTimeMillis, Map<String, String> properties, List<ColumnStatistics> columns)
    {
        this(tableId, type, analyzedColumns, rowCount, updateTimeMillis, properties, columns, SOURCE_ANALYZE);
    }

    /** Whether loads (not ANALYZE) collected the current statistics. */
    public boolean fromLoads()
    {
        return SOURCE_LOAD.equals(source);
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
