package io.starling.fe.stats;

import io.starling.fe.analysis.CreateTableAnalyzer;
import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.TableRef;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.starling.fe.meta.InformationSchema.row;

/**
 * The statistics statements: ANALYZE TABLE, DROP STATS, SHOW STATS META, SHOW COLUMN STATS and SHOW ANALYZE
 * STATUS. ANALYZE runs {@link StatsQuery}'s aggregate through the ordinary planner and engine (the caller's
 * {@link QueryRunner}) and journals the result in the catalog. SAMPLE is collected like FULL (every row is read;
 * the statement's type is kept for SHOW), and ASYNC MODE runs synchronously too: the answer is always the finished
 * StarRocks row ({@code db.t | analyze | status | OK}). SHOW ANALYZE STATUS lists the jobs of this FE process only
 * (the last {@link #HISTORY} of them; they are not journaled, the statistics are).
 */
public final class StatsExecutor
{
    /** ANALYZE TABLE's result columns (MySQL's ANALYZE TABLE shape, which StarRocks keeps). */
    public static final List<String> ANALYZE_COLUMNS = List.of("Table", "Op", "Msg_type", "Msg_text");
    public static final List<String> META_COLUMNS = List.of("Database", "Table", "Columns", "Type", "UpdateTime",
            "Properties", "Healthy");
    public static final List<String> STATUS_COLUMNS = List.of("Id", "Database", "Table", "Columns", "Type", "Schedule",
            "Status", "StartTime", "EndTime", "Properties", "Reason");
    /**
     * Doris' SHOW COLUMN STATS columns (StarRocks has no such statement; it exposes a statistics table instead),
     * without Doris' update time, which SHOW STATS META prints per table.
     */
    public static final List<String> COLUMN_STATS_COLUMNS = List.of("column_name", "count", "ndv", "num_null",
            "data_size", "avg_size_byte", "min", "max");
    /** Finished jobs SHOW ANALYZE STATUS remembers: enough for a session's recent work, bounded memory. */
    static final int HISTORY = 100;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Runs a SELECT as the session and returns its rows (MetaRows value types). */
    @FunctionalInterface
    public interface QueryRunner
    {
        List<List<Object>> run(Session session, String sql) throws SqlError;
    }

    /** A statement answer: column names (all VARCHAR) and rows, for the dispatcher's LIKE/WHERE filtering. */
    public record Listing(List<String> header, List<List<Object>> rows)
    {
    }

    private record Job(long id, String db, String table, String columns, String type, String status, long start,
            long end, Map<String, String> properties, String reason)
    {
    }

    private final Catalog catalog;
    private final QueryRunner runner;
    private final Deque<Job> history = new ArrayDeque<>();
    private long nextJobId = 1;

    public StatsExecutor(Catalog catalog, QueryRunner runner)
    {
        this.catalog = catalog;
        this.runner = runner;
    }

    /** ANALYZE [FULL|SAMPLE] TABLE t [(c, ...)] [WITH SYNC|ASYNC MODE] [PROPERTIES (...)]. */
    public Listing analyze(Session session, StarRocksParser.AnalyzeStatementContext a) throws SqlError
    {
        List<String> name = ParseTrees.qualifiedName(a.name);
        String db = database(session, name);
        OlapTable table = table(db, name);
        String type = a.SAMPLE() != null ? "SAMPLE" : "FULL";
        List<String> requested = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        if (a.columnAliases() != null) {
            for (StarRocksParser.IdentifierContext i : a.columnAliases().identifier()) {
                String c = ParseTrees.identifier(i);
                int idx = table.columnIndex(c);
                if (idx < 0) {
                    throw new SqlError(ErrorCode.BAD_FIELD, c, table.name());
                }
                Column col = table.columns().get(idx);
                if (!columns.contains(col)) {
                    columns.add(col);
                    requested.add(col.name());
                }
            }
        }
        else {
            columns.addAll(table.columns());
        }
        Map<String, String> props = new TreeMap<>(CreateTableAnalyzer.properties(a.propertiesClause()));
        long start = System.currentTimeMillis();
        String columnText = requested.isEmpty() ? "ALL" : String.join(",", requested);
        try {
            List<List<Object>> rows = runner.run(session, StatsQuery.sql(db, table, columns));
            long end = System.currentTimeMillis();
            TableStatistics stats = StatsQuery.parse(table, columns, rows.get(0), type, requested, props, end);
            TableStatistics old = catalog.statistics(table.id());
            catalog.putStatistics(LoadStatistics.keepSketches(merge(old, stats), old));
            record(new Job(0, db, table.name(), columnText, type, "SUCCESS", start, end, props, null));
        }
        catch (SqlError e) {
            record(new Job(0, db, table.name(), columnText, type, "FAILED", start, System.currentTimeMillis(), props,
                    e.getMessage()));
            throw e;
        }
        return new Listing(ANALYZE_COLUMNS, List.of(row(db + "." + table.name(), "analyze", "status", "OK")));
    }

    /** DROP STATS t: forgets the table's statistics (none is fine, like StarRocks). */
    public void drop(Session session, StarRocksParser.DropStatsStatementContext d) throws SqlError
    {
        List<String> name = ParseTrees.qualifiedName(d.name);
        OlapTable table = table(database(session, name), name);
        catalog.dropStatistics(table.id());
    }

    /** SHOW STATS META: one row per analyzed table. */
    public Listing meta()
    {
        List<List<Object>> rows = new ArrayList<>();
        for (TableStatistics s : catalog.allStatistics()) {
            TableRef ref = catalog.tableById(s.tableId());
            if (ref == null) {
                continue;
            }
            long current = ref.table().rowCount();
            rows.add(row(ref.database().name(), ref.table().name(),
                    s.analyzedColumns().isEmpty() ? "ALL" : String.join(",", s.analyzedColumns()), s.type(),
                    time(s.updateTimeMillis()), properties(s), healthy(s.healthy(current))));
        }
        return new Listing(META_COLUMNS, rows);
    }

    /** SHOW COLUMN STATS t: one row per analyzed column, in table column order. */
    public Listing columnStats(Session session, StarRocksParser.ShowColumnStatsStatementContext c) throws SqlError
    {
        List<String> name = ParseTrees.qualifiedName(c.name);
        OlapTable table = table(database(session, name), name);
        TableStatistics s = catalog.statistics(table.id());
        List<List<Object>> rows = new ArrayList<>();
        if (s != null) {
            for (Column col : table.columns()) {
                ColumnStatistics cs = s.column(col.name());
                if (cs == null) {
                    continue;
                }
                long nonNull = s.rowCount() - cs.nullCount();
                rows.add(row(col.name(), String.valueOf(s.rowCount()), String.valueOf(cs.ndv()),
                        String.valueOf(cs.nullCount()), String.valueOf(Math.round(cs.avgLength() * nonNull)),
                        String.format(Locale.ROOT, "%.1f", cs.avgLength()), cs.min(), cs.max()));
            }
        }
        return new Listing(COLUMN_STATS_COLUMNS, rows);
    }

    /** SHOW ANALYZE STATUS: this process's ANALYZE jobs, newest last. */
    public synchronized Listing status()
    {
        List<List<Object>> rows = new ArrayList<>();
        for (Job j : history) {
            rows.add(row(String.valueOf(j.id()), j.db(), j.table(), j.columns(), j.type(), "ONCE", j.status(),
                    time(j.start()), time(j.end()), j.properties().isEmpty() ? "{}" : j.properties().toString(),
                    j.reason()));
        }
        return new Listing(STATUS_COLUMNS, rows);
    }

    /**
     * ANALYZE of some columns keeps what an earlier ANALYZE learnt about the others, as long as those are still
     * trustworthy (not stale against the new row count).
     */
    static TableStatistics merge(TableStatistics old, TableStatistics fresh)
    {
        if (old == null || fresh.analyzedColumns().isEmpty() || old.isStale(fresh.rowCount())) {
            return fresh;
        }
        List<ColumnStatistics> columns = new ArrayList<>(fresh.columns());
        List<String> analyzed = new ArrayList<>(fresh.analyzedColumns());
        for (ColumnStatistics c : old.columns()) {
            if (fresh.column(c.name()) == null) {
                columns.add(c);
                if (!old.analyzedColumns().isEmpty()) {
                    analyzed.add(c.name());
                }
            }
        }
        // an earlier ANALYZE of all columns plus this one still covers all of them
        List<String> names = old.analyzedColumns().isEmpty() ? List.of() : analyzed;
        return new TableStatistics(fresh.tableId(), fresh.type(), names, fresh.rowCount(), fresh.updateTimeMillis(),
                fresh.properties(), columns);
    }

    /**
     * The Properties cell: the ANALYZE statement's properties, plus {@code collected_by=load} when committed loads
     * collected the statistics (StarRocks' shape has no column for where statistics came from).
     */
    static String properties(TableStatistics s)
    {
        Map<String, String> p = new TreeMap<>(s.properties());
        if (s.fromLoads()) {
            p.put("collected_by", "load");
        }
        return p.toString();
    }

    /** StarRocks prints health as a whole percentage. */
    static String healthy(double h)
    {
        return (int) Math.floor(h * 100) + "%";
    }

    private synchronized void record(Job j)
    {
        history.addLast(new Job(nextJobId++, j.db(), j.table(), j.columns(), j.type(), j.status(), j.start(), j.end(),
                new TreeMap<>(j.properties()), j.reason()));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private static String time(long millis)
    {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
    }

    private static String database(Session session, List<String> name) throws SqlError
    {
        if (name.size() > 1) {
            return name.get(name.size() - 2);
        }
        String db = session.currentDb();
        if (db == null || db.isEmpty()) {
            throw new SqlError(ErrorCode.NO_DB_SELECTED);
        }
        return db;
    }

    private OlapTable table(String db, List<String> name) throws SqlError
    {
        if (catalog.getDatabase(db) == null) {
            throw new SqlError(ErrorCode.BAD_DB, db);
        }
        String t = name.get(name.size() - 1);
        OlapTable table = catalog.getTable(db, t);
        if (table == null) {
            throw new SqlError(ErrorCode.NO_SUCH_TABLE, db + "." + t);
        }
        return table;
    }
}
