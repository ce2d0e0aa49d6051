package io.starling.fe.stats;

/**
 * Where the planner finds ANALYZE statistics: the catalog implements it; catalogs without statistics (test
 * catalogs, the Stream Load source overlay) do not, and {@link #of} turns them into {@link #NONE}.
 */
public interface StatisticsSource
{
    /** No statistics at all: the join orderer falls back to its heuristics. */
    StatisticsSource NONE = tableId -> null;

    /** The statistics of a table, or null when it was never analyzed (or its stats were dropped). */
    TableStatistics statistics(long tableId);

    /** {@code catalog} itself if it keeps statistics, else {@link #NONE}. */
    static StatisticsSource of(Object catalog)
    {
        return catalog instanceof StatisticsSource s ? s : NONE;
    }
}
