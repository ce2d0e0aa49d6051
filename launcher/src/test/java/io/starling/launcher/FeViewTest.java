package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Views as JDBC clients see them: DatabaseMetaData.getTables of Connector/J (with and without
 * useInformationSchema) and MariaDB Connector/J reports TABLE_TYPE VIEW and filters by it, getColumns lists a
 * view's columns, and SHOW CREATE VIEW text runs again as-is; SHOW LOAD lists an INSERT OVERWRITE as type INSERT.
 */
class FeViewTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE vw");
            s.execute("USE vw");
            s.execute("CREATE TABLE base (id INT NOT NULL, name VARCHAR(20)) DUPLICATE KEY(id) "
                    + "DISTRIBUTED BY HASH(id) BUCKETS 1");
            s.execute("INSERT INTO base VALUES (1, 'a'), (2, 'b')");
            s.execute("CREATE VIEW names (n COMMENT 'the name') COMMENT 'just names' AS SELECT name FROM base");
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
    void connectorJSeesViews() throws Exception
    {
        for (boolean infoSchema : new boolean[] {false, true}) {
            String url = server.jdbcUrl("vw") + "&useInformationSchema=" + infoSchema;
            try (Connection c = DriverManager.getConnection(url, "root", "")) {
                checkTables(c.getMetaData(), "Connector/J useInformationSchema=" + infoSchema, "vw", null);
            }
        }
    }

    @Test
    void mariadbSeesViews() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.mariadbUrl("vw"), "root", "")) {
            checkTables(c.getMetaData(), "MariaDB Connector/J", null, "vw");
        }
    }

    private static void checkTables(DatabaseMetaData md, String who, String catalog, String schema) throws Exception
    {
        Map<String, String> types = new LinkedHashMap<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", null)) {
            while (rs.next()) {
                types.put(rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"));
            }
        }
        assertThat(types).as(who).containsEntry("base", "TABLE").containsEntry("names", "VIEW");
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"VIEW"})) {
            assertThat(rs.next()).as(who).isTrue();
            assertThat(rs.getString("TABLE_NAME")).as(who).isEqualTo("names");
            assertThat(rs.next()).as(who).isFalse();
        }
        try (ResultSet rs = md.getColumns(catalog, schema, "names", "%")) {
            assertThat(rs.next()).as(who).isTrue();
            assertThat(rs.getString("COLUMN_NAME")).as(who).isEqualTo("n");
            assertThat(rs.getString("TYPE_NAME")).as(who).containsIgnoringCase("varchar");
        }
    }

    @Test
    void showCreateViewRunsAgain() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("vw"), "root", "");
                Statement s = c.createStatement()) {
            String ddl;
            try (ResultSet rs = s.executeQuery("SHOW CREATE VIEW names")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("View");
                assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("Create View");
                assertThat(rs.getString(3)).isEqualTo("utf8");
                assertThat(rs.getString(4)).isEqualTo("utf8_general_ci");
                ddl = rs.getString(2);
            }
            assertThat(ddl).isEqualTo("CREATE VIEW `names` (`n` COMMENT \"the name\") COMMENT \"just names\" AS "
                    + "SELECT name FROM base");
            s.execute("DROP VIEW names");
            s.execute(ddl);
            try (ResultSet rs = s.executeQuery("SELECT n FROM names ORDER BY n")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("a");
            }
        }
    }

    @Test
    void insertOverwriteIsAnInsertLoad() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("vw"), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ow (id INT) DISTRIBUTED BY HASH(id) BUCKETS 1");
            s.execute("INSERT INTO ow VALUES (1)");
            assertThat(s.executeUpdate("INSERT OVERWRITE ow WITH LABEL ow_show_load SELECT id FROM base")).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SHOW LOAD WHERE Label = 'ow_show_load'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("State")).isEqualTo("FINISHED");
                assertThat(rs.getString("Type")).isEqualTo("INSERT");
                assertThat(rs.getString("SinkRows")).isEqualTo("2");
            }
        }
    }
}
