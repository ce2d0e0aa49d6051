package io.starling.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one benchmark: generate (or reuse) the data, start Starling in a child JVM, create and load the tables on
 * Starling and on an in-process DuckDB (same files, {@code SET threads} = Starling's worker count, COPY FROM), then
 * per query one warm-up run on each engine whose answers are compared, followed by {@code runs} timed runs each
 * (best reported). The engines never run at the same time. A Starling error or a killed server marks the query
 * failed; a dead server is restarted on the same data directory so the remaining queries still run.
 */
final class BenchRunner
{
    private final BenchOptions o;
    private final PrintStream log;

    BenchRunner(BenchOptions options, PrintStream log)
    {
        this.o = options;
        this.log = log;
    }

    BenchResult run() throws Exception
    {
        BenchResult result = new BenchResult(o);
        int threads = Runtime.getRuntime().availableProcessors();
        result.duckDbThreads = threads;
        Map<Suite, Path> data = new HashMap<>();
        long t0 = System.nanoTime();
        for (Suite s : o.suites()) {
            log.printf("generating %s SF %s under %s%n", s.database, DataFiles.sfName(o.scaleFactor()), o.dataCache());
            data.put(s, s.generate(o.dataCache(), o.scaleFactor()));
        }
        result.generateSeconds = (System.nanoTime() - t0) / 1e9;
        Path serverData = o.workDir().resolve("starling-" + ProcessHandle.current().pid());
        deleteRecursively(serverData);
        StarlingProcess server = StarlingProcess.start(o.projectRoot(), serverData, o.heap());
        try {
            result.starlingJvmOptions = server.jvmOptions();
            log.printf("Starling started (data %s, MySQL port %d)%n", serverData, server.mysqlPort);
            StarlingLoader loader = new StarlingLoader(server.httpPort);
            for (Suite s : o.suites()) {
                try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
                    try (Statement st = duck.createStatement()) {
                        st.execute("SET threads = " + threads);
                        try (ResultSet rs = st.executeQuery("SELECT version()")) {
                            rs.next();
                            result.duckDbVersion = rs.getString(1);
                        }
                    }
                    load(s, data.get(s), server, loader, duck, result);
                    server = runQueries(s, server, serverData, duck, result);
                }
            }
            result.loadMethod = loader.method();
            result.loadFallbackReason = loader.fallbackReason();
            result.peakRssKib = server.peakRssKib();
        }
        finally {
            server.close();
            deleteRecursively(serverData);
        }
        return result;
    }

    private void load(Suite s, Path dir, StarlingProcess server, StarlingLoader loader, Connection duck,
            BenchResult result) throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + s.database);
            for (TableDef t : s.tables) {
                st.execute("CREATE TABLE " + s.database + "." + t.starRocksDdl().substring("CREATE TABLE ".length()));
            }
            for (TableDef t : s.tables) {
                Path file = DataFiles.file(dir, t.name());
                long a = System.nanoTime();
                long rows = loader.load(c, s.database, t, file);
                double starlingMs = (System.nanoTime() - a) / 1e6;
                long b = System.nanoTime();
                try (Statement ds = duck.createStatement()) {
                    ds.execute(t.duckDbDdl());
                    ds.execute("COPY " + t.name() + " FROM '" + file.toAbsolutePath()
                            + "' (DELIMITER '|', HEADER false)");
                }
                double duckMs = (System.nanoTime() - b) / 1e6;
                log.printf("  loaded %s.%s: %,d rows, Starling %.0f ms (%s), DuckDB %.0f ms%n", s.database, t.name(),
                        rows, starlingMs, loader.method(), duckMs);
                long[] split = loader.lastSplit();
                result.loads.add(new BenchResult.LoadOutcome(s, t.name(), rows, starlingMs, duckMs, split[0], split[1],
                        split[2], result.duckDbThreads));
            }
        }
    }

    private StarlingProcess runQueries(Suite s, StarlingProcess server, Path serverData, Connection duck,
            BenchResult result) throws Exception
    {
        Connection c = connect(server, s);
        try {
            for (String id : s.queryIds) {
                if (!o.only().isEmpty() && !o.only().contains(s.qualified(id))) {
                    continue;
                }
                String sql = s.queryText(id);
                boolean ordered = sql.toLowerCase(Locale.ROOT).contains("order by");
                Timed expected = time(duck, sql, o.runs());
                Timed actual = time(c, sql, o.runs());
                if (!server.isAlive()) {
                    log.printf("  Starling died during %s; restarting on the same data%n", s.qualified(id));
                    server.close();
                    server = StarlingProcess.start(o.projectRoot(), serverData, o.heap());
                    actual = new Timed(null, -1, "server process died (see its stdout.txt)");
                }
                if (actual.error != null && !isOpen(c)) {
                    c.close();
                    c = connect(server, s);
                }
                String problem = actual.error != null ? "error: " + oneLine(actual.error)
                        : expected.error != null ? "DuckDB error: " + oneLine(expected.error)
                        : expected.table.diff(actual.table, ordered);
                long rows = actual.table == null ? -1 : actual.table.rows().size();
                BenchResult.QueryOutcome q = new BenchResult.QueryOutcome(s, id, actual.bestMs, expected.bestMs,
                        problem, rows);
                result.queries.add(q);
                log.printf("  %-10s Starling %9.1f ms  DuckDB %9.1f ms  %s%s%n", q.qualified(), q.starlingMs(),
                        q.duckMs(), q.correct() ? "ok" : "FAIL: " + problem,
                        !q.correct() && KnownFailures.isKnown(q.qualified()) ? " (known)" : "");
            }
        }
        finally {
            c.close();
        }
        return server;
    }

    private Connection connect(StarlingProcess server, Suite s) throws SQLException
    {
        Connection c = DriverManager.getConnection(server.jdbcUrl(s.database), "root", "");
        try (Statement st = c.createStatement()) {
            st.execute("SET query_timeout = " + o.timeoutSecs());
        }
        return c;
    }

    private static boolean isOpen(Connection c)
    {
        try {
            return c.isValid(5);
        }
        catch (SQLException e) {
            return false;
        }
    }

    private static String oneLine(String s)
    {
        String t = s == null ? "" : s.replace('\n', ' ').replace('|', '/');
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    /** The warm-up answer (or error) and the best of {@code runs} timed runs. */
    private record Timed(ResultTable table, double bestMs, String error)
    {
    }

    private Timed time(Connection c, String sql, int runs)
    {
        ResultTable first;
        double best = Double.MAX_VALUE;
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(o.timeoutSecs());
            long a = System.nanoTime();
            try (ResultSet rs = st.executeQuery(sql)) {
                first = ResultTable.read(rs);
            }
            double warm = (System.nanoTime() - a) / 1e6;
            // a query slower than a third of the timeout is not repeated: the warm-up is its measurement
            if (warm > o.timeoutSecs() * 1000.0 / 3) {
                return new Timed(first, warm, null);
            }
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                try (ResultSet rs = st.executeQuery(sql)) {
                    ResultTable.read(rs);
                }
                best = Math.min(best, (System.nanoTime() - t) / 1e6);
            }
            return new Timed(first, best, null);
        }
        catch (SQLException e) {
            return new Timed(null, -1, e.getMessage());
        }
    }

    static void deleteRecursively(Path dir) throws IOException
    {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
