package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sorted writes: a load's rows reach the segments in sort-key order (DUPLICATE KEY columns, or ORDER BY), so the
 * short key index exists and prunes (EXPLAIN ANALYZE's ShortKeyFilterRows), and storage order is key order.
 */
class SortKeyTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE sk");
            s.execute("USE sk");
            s.execute("CREATE TABLE d (i INT) DUPLICATE KEY(i) DISTRIBUTED BY HASH(i) BUCKETS 1");
            s.execute("INSERT INTO d VALUES (3), (7), (1), (9), (0), (5), (2), (8), (6), (4)");
            // 10,000 rows arriving far from key order: k = the digits of four joined copies, reversed
            s.execute("CREATE TABLE t (k INT NOT NULL, v VARCHAR(20)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1");
            s.execute("INSERT INTO t SELECT a.i + b.i * 10 + c.i * 100 + e.i * 1000, concat('v', a.i) FROM d a, d b, d c, d e");
            // ORDER BY: sort key (v, k) differs from the key (k)
            s.execute("CREATE TABLE o (v INT NOT NULL, k INT NOT NULL, note VARCHAR(10)) DUPLICATE KEY(v) DISTRIBUTED BY HASH(k) BUCKETS 1 ORDER BY (v, k)");
            s.execute("INSERT INTO o VALUES (3, 1, 'a'), (1, 9, 'b'), (3, 0, 'c'), (1, 2, 'd'), (2, 5, 'e')");
        }
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> rows(String sql) throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("sk"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
            return out;
        }
    }

    @Test
    void storageOrderIsKeyOrder() throws Exception
    {
        // one tablet, one segment, one driver: the scan returns rows in storage order
        assertThat(rows("SELECT k FROM t LIMIT 5")).containsExactly("0", "1", "2", "3", "4");
        assertThat(rows("SELECT v, k, note FROM o LIMIT 10")).containsExactly("1|2|d", "1|9|b", "2|5|e", "3|0|c", "3|1|a");
    }

    @Test
    void shortKeyIndexPrunes() throws Exception
    {
        assertThat(rows("SELECT k, v FROM t WHERE k = 4321")).containsExactly("4321|v1");
        String out = String.join("\n", rows("EXPLAIN ANALYZE SELECT k, v FROM t WHERE k BETWEEN 4000 AND 4010"));
        // 10,000 rows, the index has an entry every 1024 rows: all but the one or two blocks around 4000 are skipped
        assertThat(out).containsPattern("ShortKeyFilterRows: [1-9][0-9]{3}");
        assertThat(rows("SELECT count(*) FROM t WHERE k BETWEEN 4000 AND 4010")).containsExactly("11");
    }

    @Test
    void showCreateTableShowsOrderBy() throws Exception
    {
        String ddl = String.join("\n", rows("SHOW CREATE TABLE o"));
        assertThat(ddl).contains("ORDER BY(`v`, `k`)").doesNotContain("__sort_key");
    }

    @Test
    void orderByOfAggregateTableMustBeItsKey() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("sk"), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ag (a INT, b INT, v BIGINT SUM) AGGREGATE KEY(a, b) DISTRIBUTED BY HASH(a) BUCKETS 1 ORDER BY (b, a)");
            s.execute("INSERT INTO ag VALUES (1, 2, 10), (2, 1, 5), (1, 2, 1)");
            s.execute("INSERT INTO ag VALUES (1, 2, 100), (2, 1, 50)");
            assertThat(rows("SELECT a, b, v FROM ag ORDER BY a")).containsExactly("1|2|111", "2|1|55");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(
                    "CREATE TABLE ag2 (a INT, b INT, v BIGINT SUM) AGGREGATE KEY(a, b) DISTRIBUTED BY HASH(a) BUCKETS 1 ORDER BY (a)"))
                    .hasMessageContaining("must be the key columns");
        }
    }
}
