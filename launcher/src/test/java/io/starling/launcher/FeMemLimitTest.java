package io.starling.launcher;

import io.starling.storage.memory.MemoryContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * query_mem_limit through a real client: a GROUP BY over 262,144 distinct keys needs far more than 1 MiB of hash
 * table, so it fails with 1105 naming the limit and how to raise it; the connection stays usable, the same query
 * without the limit succeeds, and the process's memory accounting returns to where it was (the server runs in
 * this JVM, so {@link MemoryContext#process()} is the server's own root context).
 */
class FeMemLimitTest
{
    /** 8 * 2^15 rows, every one a distinct key. */
    private static final long ROWS = 262_144;
    private static final long LIMIT = 1_048_576;
    private static final String GROUP_BY = "SELECT count(*), sum(c) FROM (SELECT k, count(*) AS c FROM big GROUP BY k) g";

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ml");
            s.execute("CREATE TABLE ml.big (k BIGINT, v VARCHAR(20)) DISTRIBUTED BY HASH(k) BUCKETS 2");
            s.execute("INSERT INTO ml.big VALUES (0, 'a'), (1, 'b'), (2, 'c'), (3, 'd'), (4, 'e'), (5, 'f'), (6, 'g'), (7, 'h')");
            for (long n = 8; n < ROWS; n *= 2) {
                s.execute("INSERT INTO ml.big SELECT k + " + n + ", v FROM ml.big");
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
    void queryOverTheLimitFailsCleanlyAndMemoryIsReturned() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("ml"), "root", "");
                Statement s = c.createStatement()) {
            // warm up: the first run loads segments, builds caches etc.; measure accounting after it
            assertFullResult(s);
            long before = awaitSettled();

            s.execute("SET query_mem_limit = " + LIMIT);
            try (ResultSet rs = s.executeQuery("SELECT @@query_mem_limit")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(LIMIT);
            }
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> s.executeQuery(GROUP_BY)).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1105);
                    assertThat(e.getSQLState()).isEqualTo("HY000");
                    assertThat(e.getMessage()).contains("Mem usage has exceed the limit of query")
                            .contains(String.valueOf(LIMIT)).contains("SET query_mem_limit");
                });
            }
            // the connection still works; small queries fit in the limit
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM big WHERE k < 10")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(10);
            }
            s.execute("SET query_mem_limit = 0");
            assertFullResult(s);
            assertThat(awaitSettled()).as("process memory after the failed queries").isLessThanOrEqualTo(before);
        }
        // a session that never set the limit is unaffected
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("ml"), "root", "");
                Statement s = c.createStatement()) {
            assertFullResult(s);
        }
    }

    private static void assertFullResult(Statement s) throws SQLException
    {
        try (ResultSet rs = s.executeQuery(GROUP_BY)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(ROWS);
            assertThat(rs.getLong(2)).isEqualTo(ROWS);
        }
    }

    /**
     * Process memory once queries have released everything: fragments close asynchronously after the last batch,
     * so poll until the value is stable (or a generous deadline passes; the assertion then reports it).
     */
    private static long awaitSettled() throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = MemoryContext.process().used();
        int stable = 0;
        while (System.nanoTime() < deadline && stable < 5) {
            Thread.sleep(50);
            long now = MemoryContext.process().used();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }
}
