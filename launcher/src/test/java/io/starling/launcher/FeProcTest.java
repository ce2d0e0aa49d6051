package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SHOW TABLET &lt;id&gt; and SHOW PROC walked by ids the way an operator does it: /dbs gives the database id, then
 * the table, partition and index ids, down to the tablets (with the BE's row counts) and one tablet's replica; the
 * DetailCmd of SHOW TABLET &lt;id&gt; runs as given.
 */
class FeProcTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE pr");
            s.execute("USE pr");
            s.execute("CREATE TABLE t (k INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(k) "
                    + "PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20)) "
                    + "DISTRIBUTED BY HASH(k) BUCKETS 2");
            s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (15, 'x')");
            s.execute("INSERT INTO t VALUES (4, 'd')");
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
    void walkProcTreeById() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("pr"), "root", "");
                Statement s = c.createStatement()) {
            List<Map<String, String>> dbs = rows(s, "SHOW PROC '/dbs'");
            Map<String, String> db = dbs.stream().filter(r -> "pr".equals(r.get("DbName"))).findFirst().orElseThrow();
            assertThat(db.get("TableNum")).isEqualTo("1");
            String dbId = db.get("DbId");

            List<Map<String, String>> tables = rows(s, "SHOW PROC '/dbs/" + dbId + "'");
            assertThat(tables).hasSize(1);
            assertThat(tables.get(0)).containsEntry("TableName", "t").containsEntry("PartitionNum", "2")
                    .containsEntry("PartitionColumnName", "k").containsEntry("ReplicaCount", "4");
            String tableId = tables.get(0).get("TableId");

            assertThat(rows(s, "SHOW PROC '/dbs/" + dbId + "/" + tableId + "'")).extracting(r -> r.get("Nodes"))
                    .containsExactly("partitions", "temp_partitions", "index_schema");

            List<Map<String, String>> parts = rows(s, "SHOW PROC '/dbs/" + dbId + "/" + tableId + "/partitions'");
            assertThat(parts).extracting(r -> r.get("PartitionName")).containsExactly("p1", "p2");
            Map<String, String> p1 = parts.get(0);
            assertThat(p1).containsEntry("RowCount", "4").containsEntry("Buckets", "2").containsEntry("State", "NORMAL");
            String base = "/dbs/" + dbId + "/" + tableId + "/partitions/" + p1.get("PartitionId");

            List<Map<String, String>> indexes = rows(s, "SHOW PROC '" + base + "'");
            assertThat(indexes).hasSize(1);
            assertThat(indexes.get(0)).containsEntry("IndexName", "t");
            String indexId = indexes.get(0).get("IndexId");

            List<Map<String, String>> tablets = rows(s, "SHOW PROC '" + base + "/" + indexId + "'");
            assertThat(tablets).hasSize(2);
            long rowsInTablets = 0;
            for (Map<String, String> r : tablets) {
                rowsInTablets += Long.parseLong(r.get("RowCount"));
                assertThat(r.get("CompactionStatus")).startsWith("score: ");
                assertThat(Long.parseLong(r.get("VersionCount"))).isPositive();
            }
            // The BE counts the rows of each tablet: together the partition's four.
            assertThat(rowsInTablets).isEqualTo(4);
            String tabletId = tablets.get(0).get("TabletId");

            List<Map<String, String>> replicas = rows(s, "SHOW PROC '" + base + "/" + indexId + "/" + tabletId + "'");
            assertThat(replicas).hasSize(1);
            assertThat(replicas.get(0)).containsEntry("ReplicaId", tabletId)
                    .containsEntry("RowCount", tablets.get(0).get("RowCount"));

            List<Map<String, String>> byId = rows(s, "SHOW TABLET " + tabletId);
            assertThat(byId).hasSize(1);
            Map<String, String> info = byId.get(0);
            assertThat(info).containsEntry("DbName", "pr").containsEntry("TableName", "t")
                    .containsEntry("PartitionName", "p1").containsEntry("IndexName", "t").containsEntry("DbId", dbId)
                    .containsEntry("TableId", tableId).containsEntry("PartitionId", p1.get("PartitionId"))
                    .containsEntry("IndexId", indexId).containsEntry("IsSync", "true");
            String cmd = info.get("DetailCmd");
            assertThat(cmd).isEqualTo("SHOW PROC '" + base + "/" + indexId + "/" + tabletId + "';");
            assertThat(rows(s, cmd.substring(0, cmd.length() - 1))).isEqualTo(replicas);

            assertThatThrownBy(() -> rows(s, "SHOW PROC '" + base + "/" + indexId + "/123456789'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(5001));
        }
    }

    private static List<Map<String, String>> rows(Statement s, String sql) throws SQLException
    {
        List<Map<String, String>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
