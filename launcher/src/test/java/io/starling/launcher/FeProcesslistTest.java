package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SHOW [FULL] PROCESSLIST, information_schema.PROCESSLIST and KILL [QUERY] across two real Connector/J
 * connections, with a query that would run for hours (a three-way self join over one key: 8192^3 rows) and one
 * whose client stops reading a 67M-row result.
 */
class FeProcesslistTest
{
    /** 8192^3 = 5.5e11 joined rows: never finishes on its own within the tests' lifetime. */
    private static final String ENDLESS = "SELECT count(*) FROM slow a JOIN slow b ON a.k = b.k JOIN slow c ON b.k = c.k";
    /** 67M rows streamed to a client that reads one of them. */
    private static final String STREAMED = "SELECT a.v, b.v FROM slow a JOIN slow b ON a.k = b.k";
    /** Safety net so a broken KILL cannot hang the build; far longer than any step here should need. */
    private static final int VICTIM_TIMEOUT_SECONDS = 120;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE pl");
            s.execute("CREATE TABLE pl.slow (k INT, v BIGINT) DISTRIBUTED BY HASH(v) BUCKETS 2");
            s.execute("INSERT INTO pl.slow VALUES (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8)");
            for (long n = 8; n < 8192; n *= 2) {
                s.execute("INSERT INTO pl.slow SELECT k, v + " + n + " FROM pl.slow");
            }
        }
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void processlistShowsAnotherConnectionsQueryAndKillQueryStopsIt() throws Exception
    {
        try (Connection victim = DriverManager.getConnection(server.jdbcUrl("pl"), "root", "");
                Connection admin = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement a = admin.createStatement()) {
            long victimId = connectionId(victim);
            CompletableFuture<Void> running = runAsync(victim, ENDLESS);
            List<Object> row = awaitRunning(a, victimId);
            // Id, User, Host, db, Command, Time, State, Info
            assertThat(row.get(1)).isEqualTo("root");
            assertThat((String) row.get(2)).isNotEmpty();
            assertThat(row.get(3)).isEqualTo("pl");
            assertThat(row.get(4)).isEqualTo("Query");
            assertThat(((Number) row.get(5)).longValue()).isGreaterThanOrEqualTo(0);
            assertThat(row.get(7)).isEqualTo(ENDLESS);

            // SHOW FULL PROCESSLIST: the admin connection itself is there, running this very statement
            List<List<Object>> full = rows(a, "SHOW FULL PROCESSLIST");
            assertThat(full).anySatisfy(r -> {
                assertThat(((Number) r.get(0)).longValue()).isEqualTo(connectionId(admin));
                assertThat(r.get(7)).isEqualTo("SHOW FULL PROCESSLIST");
            });
            a.execute("KILL QUERY " + victimId);
            assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1317);
                        assertThat(e.getSQLState()).isEqualTo("70100");
                    });
            // the victim's connection stays usable
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM slow")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(8192);
            }
            // and is idle again in the process list
            List<Object> idle = processRow(a, victimId);
            assertThat(idle.get(4)).isEqualTo("Sleep");
            assertThat(idle.get(7)).isNull();
        }
    }

    /**
     * information_schema.PROCESSLIST is itself a query the BE runs, so the victim here is a streamed result its
     * client stops reading (its fragment is parked on back-pressure) rather than the CPU-bound ENDLESS one.
     */
    @Test
    void informationSchemaShowsAStreamingQueryAndKillQueryEndsIt() throws Exception
    {
        try (Connection victim = DriverManager.getConnection(server.jdbcUrl("pl"), "root", "");
                Connection admin = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement a = admin.createStatement()) {
            long victimId = connectionId(victim);
            Statement vs = victim.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            vs.setFetchSize(Integer.MIN_VALUE);   // Connector/J streaming: rows are read only as next() asks
            ResultSet rs = vs.executeQuery(STREAMED);
            assertThat(rs.next()).isTrue();
            // (USER is qualified: the planner resolves a bare USER to the USER() function, see the FE README)
            List<List<Object>> is = rows(a, "SELECT p.ID, p.USER, p.DB, p.COMMAND, p.INFO FROM information_schema.PROCESSLIST p "
                    + "WHERE p.ID = " + victimId);
            assertThat(is).hasSize(1);
            assertThat(is.get(0)).containsExactly(victimId, "root", "pl", "Query", STREAMED);

            a.execute("KILL QUERY " + victimId);
            // rows already on the wire still arrive, then the error
            assertThatThrownBy(() -> {
                while (rs.next()) {
                    // drain
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1317));
            rs.close();
            vs.close();
            try (Statement s = victim.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM slow")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(8192);
            }
        }
    }

    @Test
    void killConnectionClosesTheVictimIdleOrBusy() throws Exception
    {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement a = admin.createStatement()) {
            // idle victim
            Connection idle = DriverManager.getConnection(server.jdbcUrl("pl"), "root", "");
            long idleId = connectionId(idle);
            a.execute("KILL " + idleId);
            awaitGone(a, idleId);
            assertThatThrownBy(() -> idle.createStatement().executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
            assertThat(idle.isValid(5)).isFalse();
            idle.close();

            // busy victim: KILL CONNECTION stops its query too
            Connection busy = DriverManager.getConnection(server.jdbcUrl("pl"), "root", "");
            long busyId = connectionId(busy);
            CompletableFuture<Void> running = runAsync(busy, ENDLESS);
            awaitRunning(a, busyId);
            a.execute("KILL CONNECTION " + busyId);
            assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SQLException.class);
            awaitGone(a, busyId);
            busy.close();

            // the admin connection is unaffected
            try (ResultSet rs = a.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void killOfUnknownIdIs1094() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            for (String sql : List.of("KILL 987654", "KILL QUERY 987654", "KILL CONNECTION 987654")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1094);
                    assertThat(e.getMessage()).isEqualTo("Unknown thread id: 987654");
                });
            }
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void killQueryOfAnIdleConnectionDoesNotHurtItsNextQuery() throws Exception
    {
        try (Connection victim = DriverManager.getConnection(server.jdbcUrl("pl"), "root", "");
                Connection admin = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement a = admin.createStatement()) {
            a.execute("KILL QUERY " + connectionId(victim));
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM slow")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(8192);
            }
        }
    }

    private static CompletableFuture<Void> runAsync(Connection c, String sql)
    {
        return CompletableFuture.runAsync(() -> {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(VICTIM_TIMEOUT_SECONDS);
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                }
            }
            catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    static long connectionId(Connection c) throws SQLException
    {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls SHOW PROCESSLIST until the connection runs a query; returns its row. */
    private static List<Object> awaitRunning(Statement admin, long id) throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Object> r = processRow(admin, id);
            if (r != null && "Query".equals(r.get(4))) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("connection " + id + " never showed up running a query");
    }

    private static void awaitGone(Statement admin, long id) throws Exception
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (processRow(admin, id) != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection " + id + " still listed after KILL");
            }
            Thread.sleep(20);
        }
    }

    private static List<Object> processRow(Statement admin, long id) throws SQLException
    {
        for (List<Object> r : rows(admin, "SHOW PROCESSLIST")) {
            if (((Number) r.get(0)).longValue() == id) {
                return r;
            }
        }
        return null;
    }

    static List<List<Object>> rows(Statement s, String sql) throws SQLException
    {
        List<List<Object>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> r = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    r.add(rs.getObject(i));
                }
                out.add(r);
            }
        }
        return out;
    }
}
