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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Query profiles through Connector/J as StarRocks serves them: {@code SET enable_profile = true}, then SHOW
 * PROFILELIST (QueryId, StartTime, Time, State, Statement, newest first) and ANALYZE PROFILE FROM 'id' (the plan
 * tree with each node's operator metrics). Only stable parts are asserted (names, row counts), never timings.
 */
class FeProfileTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE pf");
            s.execute("USE pf");
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

    private static List<List<String>> rows(Statement s, String sql) throws SQLException
    {
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void profiledQueriesAreListedAndAnalyzed() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("pf"), "root", "");
                Statement s = c.createStatement()) {
            // not profiled: enable_profile is off by default
            rows(s, "SELECT count(*) FROM t");
            assertThat(rows(s, "SHOW PROFILELIST")).isEmpty();

            s.execute("SET enable_profile = true");
            assertThat(rows(s, "SELECT g, count(*) FROM t WHERE id > 1 GROUP BY g ORDER BY g")).hasSize(3);
            assertThat(rows(s, "SELECT count(*) FROM t")).containsExactly(List.of("5"));
            try (ResultSet rs = s.executeQuery("SHOW PROFILELIST")) {
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(5);
                assertThat(List.of(rs.getMetaData().getColumnLabel(1), rs.getMetaData().getColumnLabel(2),
                        rs.getMetaData().getColumnLabel(3), rs.getMetaData().getColumnLabel(4),
                        rs.getMetaData().getColumnLabel(5)))
                        .containsExactly("QueryId", "StartTime", "Time", "State", "Statement");
            }
            List<List<String>> list = rows(s, "SHOW PROFILELIST");
            // newest first; the SHOW itself runs no fragment and is not profiled
            assertThat(list).hasSize(2);
            assertThat(list.get(0).get(4)).isEqualTo("SELECT count(*) FROM t");
            assertThat(list.get(0).get(3)).isEqualTo("Finished");
            assertThat(list.get(0).get(2)).matches("\\d+ms");
            assertThat(list.get(0).get(1)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(list.get(1).get(4)).startsWith("SELECT g, count(*)");
            assertThat(rows(s, "SHOW PROFILELIST LIMIT 1")).containsExactly(list.get(0));

            String id = list.get(1).get(0);
            StringBuilder text = new StringBuilder();
            try (ResultSet rs = s.executeQuery("ANALYZE PROFILE FROM '" + id + "'")) {
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("Explain String");
                while (rs.next()) {
                    text.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(text.toString()).contains("QueryId: " + id).contains("State: Finished")
                    .contains("Database: pf").contains("OlapScanNode table=pf.t").contains("AggregateNode")
                    .containsPattern("\\| OLAP_SCAN \\(id=\\d+\\): instances=\\d+, rows in=0, rows out=4,")
                    .containsPattern("RESULT_SINK: instances=1, rows in=3,");

            // one plan node: its line and its operators only
            String scanLine = text.toString().lines().filter(l -> l.contains("OlapScanNode")).findFirst().orElseThrow();
            String node = scanLine.strip().substring(0, scanLine.strip().indexOf(':'));
            List<List<String>> one = rows(s, "ANALYZE PROFILE FROM '" + id + "', " + node);
            assertThat(one.stream().map(r -> r.get(0)).filter(l -> l.contains("OLAP_SCAN"))).isNotEmpty();
            assertThat(one.stream().map(r -> r.get(0)).filter(l -> l.contains("AggregateNode"))).isEmpty();
        }
    }

    @Test
    void unknownProfileIsAClearError() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("pf"), "root", "");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> rows(s, "ANALYZE PROFILE FROM 'no-such-query'"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(1105))
                    .hasMessageContaining("no-such-query");
        }
    }
}
