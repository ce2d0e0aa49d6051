package io.starling.launcher;

import org.junit.jupiter.api.AfterEach;
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
 * Compaction through a real server: many small loads are compacted in the background (answers equal, SHOW TABLET's
 * VersionCount falls, the same after a restart), and the tablet_max_versions guard rejects a load with StarRocks'
 * error until ALTER TABLE ... COMPACT brings the count back.
 */
class CompactionEndToEndTest
{
    private static final String[] PROPS = {"starling.be.cumulative_compaction_check_interval_seconds",
            "starling.be.tablet_rowset_stale_sweep_time_sec", "starling.be.max_compaction_concurrency", "starling.be.tablet_max_versions"};

    @AfterEach
    void clearConfig()
    {
        for (String p : PROPS) {
            System.clearProperty(p);
        }
    }

    private static List<String> rows(Statement st, String sql) throws SQLException
    {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "\t" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** VersionCount of every tablet of a table (SHOW TABLET FROM). */
    private static List<Integer> versionCounts(Statement st, String table) throws SQLException
    {
        List<Integer> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SHOW TABLET FROM " + table)) {
            while (rs.next()) {
                out.add(Integer.parseInt(rs.getString("VersionCount")));
                assertThat(rs.getString("CompactionStatus")).startsWith("score: ");
            }
        }
        return out;
    }

    @Test
    void manySmallLoadsAreCompactedInTheBackground() throws Exception
    {
        System.setProperty(PROPS[0], "1");
        System.setProperty(PROPS[1], "0");
        try (TestServer server = new TestServer()) {
            String query = "SELECT k, count(*), sum(v) FROM t GROUP BY k ORDER BY k";
            List<String> expected;
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("")); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE db");
                st.execute("USE db");
                st.execute("CREATE TABLE t (k INT, v BIGINT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1");
                st.execute("CREATE TABLE p (k INT NOT NULL, v BIGINT) PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1");
                for (int i = 0; i < 20; i++) {
                    st.execute("INSERT INTO t VALUES (" + (i % 3) + ", " + i + ")");
                    st.execute("INSERT INTO p VALUES (" + (i % 4) + ", " + i + ")");
                }
                expected = rows(st, query);
                assertThat(rows(st, "SELECT k, v FROM p ORDER BY k")).containsExactly("0\t16", "1\t17", "2\t18", "3\t19");
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (versionCounts(st, "t").get(0) >= 5 || versionCounts(st, "p").get(0) >= 5) {
                    assertThat(System.nanoTime()).as("background compaction within 2 minutes").isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(rows(st, query)).isEqualTo(expected);
                assertThat(rows(st, "SELECT k, v FROM p ORDER BY k")).containsExactly("0\t16", "1\t17", "2\t18", "3\t19");
                assertThat(rows(st, "SHOW TABLET FROM t").get(0).split("\t")[12]).as("RowCount").isEqualTo("20");
            }
            server.restart(false);
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("db")); Statement st = c.createStatement()) {
                assertThat(rows(st, query)).isEqualTo(expected);
                assertThat(versionCounts(st, "t").get(0)).isLessThan(5);
                st.execute("INSERT INTO p VALUES (1, 100)");
                assertThat(rows(st, "SELECT k, v FROM p ORDER BY k")).containsExactly("0\t16", "1\t100", "2\t18", "3\t19");
            }
        }
    }

    @Test
    void tooManyVersionsRejectsLoadsUntilCompacted() throws Exception
    {
        System.setProperty(PROPS[2], "0");
        System.setProperty(PROPS[3], "5");
        try (TestServer server = new TestServer();
                Connection c = DriverManager.getConnection(server.jdbcUrl("")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE db");
            st.execute("USE db");
            st.execute("CREATE TABLE t (k INT, v BIGINT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1");
            for (int i = 0; i < 6; i++) {
                st.execute("INSERT INTO t VALUES (1, " + i + ")");
            }
            assertThatThrownBy(() -> st.execute("INSERT INTO t VALUES (1, 100)")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Too many versions. tablet_id: ").hasMessageContaining("version_count: 6, limit: 5");
            assertThat(rows(st, "SELECT count(*), sum(v) FROM t")).containsExactly("6\t15");
            st.execute("ALTER TABLE t COMPACT");
            assertThat(versionCounts(st, "t")).containsExactly(1);
            st.execute("INSERT INTO t VALUES (1, 100)");
            assertThat(rows(st, "SELECT count(*), sum(v) FROM t")).containsExactly("7\t115");
        }
    }
}
