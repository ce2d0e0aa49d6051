package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EXPLAIN ANALYZE runs the statement and reports the plan with per-operator rows, time and memory and the scans'
 * segment/page counters; only the stable parts are asserted (operator names, row counts), never timings. The other
 * EXPLAIN levels are checked for their characteristic sections.
 */
class FeExplainAnalyzeTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ea");
            s.execute("USE ea");
            s.execute("CREATE TABLE t (id INT NOT NULL, g INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2");
            s.execute("INSERT INTO t VALUES (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)");
        }
    }

    @AfterAll
    static void stop()
    {
        if (server != null) {
            server.close();
        }
    }

    private static String explain(String sql) throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("ea"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("Explain String");
            StringBuilder sb = new StringBuilder();
            while (rs.next()) {
                sb.append(rs.getString(1)).append('\n');
            }
            return sb.toString();
        }
    }

    @Test
    void analyzeReportsOperatorsAndRows() throws Exception
    {
        String out = explain("EXPLAIN ANALYZE SELECT g, count(*) FROM t WHERE id > 1 GROUP BY g");
        assertThat(out).contains("OlapScanNode table=ea.t").contains("AggregateNode")
                .contains("Rows returned (discarded): 3")
                .contains("Profile:")
                .containsPattern("OLAP_SCAN \\(id=\\d+\\): instances=\\d+, rows in=0, rows out=4,")
                .containsPattern("RESULT_SINK: instances=1, rows in=3,")
                .contains("peak memory")
                .contains("SegmentsRead:").contains("PagesRead:").contains("RowsReturned: 4");
    }

    @Test
    void analyzeInsertKeepsNothing() throws Exception
    {
        String out = explain("EXPLAIN ANALYZE INSERT INTO t SELECT id + 100, g FROM t");
        assertThat(out).contains("OlapTableSink table=t").contains("Rows loaded (then rolled back): 5")
                .containsPattern("OLAP_TABLE_SINK: instances=\\d+, rows in=5,");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("ea"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(5);
        }
    }

    @Test
    void otherLevels() throws Exception
    {
        assertThat(explain("EXPLAIN SELECT * FROM t")).contains("OlapScanNode table=ea.t").doesNotContain("Profile");
        assertThat(explain("EXPLAIN LOGICAL SELECT a.id FROM t a JOIN t b ON a.id = b.g"))
                .contains("- INNER JOIN").contains("- SCAN [ea.t]");
        assertThat(explain("EXPLAIN VERBOSE SELECT id FROM t")).contains("Output columns:").contains("id int(11)");
        assertThat(explain("EXPLAIN COSTS SELECT id FROM t")).contains("Estimates:").contains("table rows=5");
    }
}
