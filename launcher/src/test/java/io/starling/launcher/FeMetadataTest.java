package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Table metadata as real clients read it: SHOW CREATE TABLE text that runs again as-is and recreates an equal
 * table (every table feature at once), DESC / SHOW FULL COLUMNS / SHOW INDEX / SHOW TABLE STATUS /
 * information_schema.STATISTICS with MySQL's shapes, and JDBC DatabaseMetaData from Connector/J (with
 * useInformationSchema false and true) and MariaDB Connector/J.
 */
class FeMetadataTest
{
    /** Every CREATE TABLE feature the analyzer supports, in one statement per table. */
    private static final List<String> TABLES = List.of(
            """
            CREATE TABLE orders (
              id BIGINT NOT NULL COMMENT "order id, \\"quoted\\"",
              d DATE NOT NULL COMMENT 'order date',
              shop VARCHAR(32) NOT NULL DEFAULT "main" COMMENT "shop name",
              amount DECIMAL(15, 2) DEFAULT "0.00",
              big DECIMAL(30, 5),
              qty INT DEFAULT "1",
              flag BOOLEAN,
              ts DATETIME DEFAULT CURRENT_TIMESTAMP,
              note STRING
            ) ENGINE=OLAP
            DUPLICATE KEY(id, d)
            COMMENT "all the orders"
            PARTITION BY RANGE(d) (
              PARTITION p2023 VALUES LESS THAN ("2024-01-01"),
              PARTITION p2024 VALUES [("2024-01-01"), ("2025-01-01")),
              PARTITION pmax VALUES LESS THAN (MAXVALUE)
            )
            DISTRIBUTED BY HASH(id, shop) BUCKETS 3
            PROPERTIES ("replication_num" = "1", "storage_medium" = "HDD")""",
            """
            CREATE TABLE events (
              ts DATETIME NOT NULL COMMENT "event time",
              id BIGINT,
              msg VARCHAR(200) DEFAULT "none"
            ) DUPLICATE KEY(ts)
            PARTITION BY date_trunc('day', ts)
            DISTRIBUTED BY RANDOM BUCKETS 2""",
            """
            CREATE TABLE users (
              uid INT NOT NULL COMMENT "user id",
              name VARCHAR(64) NOT NULL,
              email VARCHAR(128) COMMENT "may be null",
              score DOUBLE DEFAULT "1.5"
            ) PRIMARY KEY(uid, name)
            COMMENT "primary key model"
            DISTRIBUTED BY HASH(uid) BUCKETS 2
            PROPERTIES ("replication_num" = "1")""",
            """
            CREATE TABLE agg (
              k INT NOT NULL,
              total BIGINT SUM DEFAULT "0",
              top INT MAX
            ) AGGREGATE KEY(k)
            DISTRIBUTED BY HASH(k) BUCKETS 1""");

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE md");
            s.execute("CREATE DATABASE md_copy");
            s.execute("USE md");
            for (String ddl : TABLES) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO orders (id, d, amount, note) VALUES (1, '2023-06-01', 10.50, 'a'), (2, '2024-02-03', NULL, 'b')");
            s.execute("INSERT INTO users VALUES (1, 'ann', NULL, 2.5)");
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
    void showCreateTableRunsAgainAsIs() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("md"), "root", "");
                Statement s = c.createStatement()) {
            for (String table : List.of("orders", "events", "users", "agg")) {
                String ddl = showCreate(s, "md", table);
                // replay it verbatim in another database, through the same client
                s.execute("USE md_copy");
                s.execute(ddl);
                s.execute("USE md");
                String again = showCreate(s, "md_copy", table);
                assertThat(again).as(table).isEqualTo(ddl);
                assertThat(describe(s, "md_copy", table)).as(table).isEqualTo(describe(s, "md", table));
                assertThat(fullColumns(s, "md_copy", table)).as(table).isEqualTo(fullColumns(s, "md", table));
            }
            String orders = showCreate(s, "md", "orders");
            assertThat(orders).contains("COMMENT \"order id, \\\"quoted\\\"\"").contains("DEFAULT \"main\"")
                    .contains("DEFAULT CURRENT_TIMESTAMP").contains("PARTITION pmax").contains("MAXVALUE")
                    .contains("DISTRIBUTED BY HASH(`id`, `shop`) BUCKETS 3").contains("\"storage_medium\" = \"HDD\"")
                    .contains("COMMENT \"all the orders\"");
            assertThat(showCreate(s, "md", "events")).contains("PARTITION BY date_trunc('day', `ts`)")
                    .contains("DISTRIBUTED BY RANDOM");
            assertThat(showCreate(s, "md", "users")).contains("PRIMARY KEY(`uid`, `name`)");
            assertThat(showCreate(s, "md", "agg")).contains("`total` bigint(20) SUM").contains("AGGREGATE KEY(`k`)");
            // the copy works like the original
            s.execute("INSERT INTO md_copy.orders (id, d) VALUES (7, '2030-01-01')");
            try (ResultSet rs = s.executeQuery("SELECT shop, amount, qty FROM md_copy.orders WHERE id = 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("main");
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("0");
                assertThat(rs.getInt(3)).isEqualTo(1);
            }
        }
    }

    @Test
    void showStatementsHaveMysqlShapes() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("md"), "root", "");
                Statement s = c.createStatement()) {
            assertThat(header(s, "DESC users")).containsExactly("Field", "Type", "Null", "Key", "Default", "Extra");
            assertThat(header(s, "SHOW COLUMNS FROM users")).containsExactly("Field", "Type", "Null", "Key", "Default", "Extra");
            assertThat(header(s, "SHOW FULL COLUMNS FROM users FROM md")).containsExactly("Field", "Type", "Collation",
                    "Null", "Key", "Default", "Extra", "Privileges", "Comment");
            List<List<String>> cols = rows(s, "SHOW FULL COLUMNS FROM users");
            assertThat(cols.get(0)).containsExactly("uid", "int(11)", null, "NO", "PRI", null, "", "select,insert,update,references", "user id");
            assertThat(cols.get(2).get(2)).isEqualTo("utf8mb4_general_ci");
            assertThat(cols.get(3).get(5)).isEqualTo("1.5");
            assertThat(rows(s, "SHOW FULL COLUMNS FROM orders LIKE 'sh%'")).extracting(r -> r.get(0)).containsExactly("shop");

            List<String> indexHeader = header(s, "SHOW INDEX FROM users");
            assertThat(indexHeader).startsWith("Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name",
                    "Collation", "Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment");
            assertThat(rows(s, "SHOW INDEX FROM users")).extracting(r -> r.get(2) + ":" + r.get(3) + ":" + r.get(4))
                    .containsExactly("PRIMARY:1:uid", "PRIMARY:2:name");
            assertThat(rows(s, "SHOW KEYS FROM orders FROM md")).isEmpty();

            assertThat(header(s, "SHOW TABLE STATUS")).startsWith("Name", "Engine", "Version", "Row_format", "Rows",
                    "Avg_row_length", "Data_length", "Max_data_length", "Index_length", "Data_free", "Auto_increment",
                    "Create_time", "Update_time", "Check_time", "Collation", "Checksum", "Create_options", "Comment");
            List<List<String>> status = rows(s, "SHOW TABLE STATUS FROM md LIKE 'orders'");
            assertThat(status).hasSize(1);
            assertThat(status.get(0).get(0)).isEqualTo("orders");
            assertThat(status.get(0).get(4)).isEqualTo("2");
            assertThat(status.get(0).get(17)).isEqualTo("all the orders");

            List<List<String>> stats = rows(s, "SELECT TABLE_SCHEMA, TABLE_NAME, NON_UNIQUE, INDEX_NAME, SEQ_IN_INDEX, "
                    + "COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'md' ORDER BY TABLE_NAME, SEQ_IN_INDEX");
            assertThat(stats).containsExactly(List.of("md", "users", "0", "PRIMARY", "1", "uid"),
                    List.of("md", "users", "0", "PRIMARY", "2", "name"));
        }
    }

    @Test
    void connectorJDatabaseMetaData() throws Exception
    {
        for (boolean infoSchema : new boolean[] {false, true}) {
            String url = server.jdbcUrl("md") + "&useInformationSchema=" + infoSchema;
            try (Connection c = DriverManager.getConnection(url, "root", "")) {
                checkMetaData(c.getMetaData(), "Connector/J useInformationSchema=" + infoSchema, "md", null, true);
            }
        }
        // databaseTerm=SCHEMA: databases appear as schemas
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("md") + "&databaseTerm=SCHEMA", "root", "")) {
            checkMetaData(c.getMetaData(), "Connector/J databaseTerm=SCHEMA", null, "md", true);
        }
    }

    @Test
    void mariadbDatabaseMetaData() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.mariadbUrl("md"), "root", "")) {
            checkMetaData(c.getMetaData(), "MariaDB Connector/J", "md", null, false);
        }
        try (Connection c = DriverManager.getConnection(server.mariadbUrl("md") + "?useCatalogTerm=Schema", "root", "")) {
            checkMetaData(c.getMetaData(), "MariaDB Connector/J useCatalogTerm=Schema", null, "md", false);
        }
    }

    /**
     * The checks every driver configuration must pass; {@code catalog} or {@code schema} names the database.
     * {@code nullableReliable} is false for MariaDB Connector/J, which computes NULLABLE as
     * {@code IF(IS_NULLABLE = 'yes', 1, 0)}: that relies on MySQL's case-insensitive collation, while Starling (like
     * StarRocks) compares strings byte-wise, so NULLABLE reads 0 for every column (IS_NULLABLE itself is right).
     */
    private static void checkMetaData(DatabaseMetaData md, String what, String catalog, String schema,
            boolean nullableReliable) throws SQLException
    {
        List<String> dbs = new ArrayList<>();
        try (ResultSet rs = catalog != null ? md.getCatalogs() : md.getSchemas()) {
            while (rs.next()) {
                dbs.add(rs.getString(1));
            }
        }
        assertThat(dbs).as(what).contains("md", "md_copy");

        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
                assertThat(rs.getString("TABLE_TYPE")).as(what).isEqualTo("TABLE");
            }
        }
        assertThat(tables).as(what).contains("orders", "events", "users", "agg");

        Map<String, Object[]> cols = new LinkedHashMap<>();
        try (ResultSet rs = md.getColumns(catalog, schema, "users", "%")) {
            while (rs.next()) {
                cols.put(rs.getString("COLUMN_NAME"), new Object[] {rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"), rs.getInt("NULLABLE"), rs.getString("IS_NULLABLE"),
                        rs.getString("REMARKS"), rs.getString("COLUMN_DEF"), rs.getInt("ORDINAL_POSITION")});
            }
        }
        assertThat(cols.keySet()).as(what).containsExactly("uid", "name", "email", "score");
        assertThat(cols.get("uid")[0]).as(what).isEqualTo(Types.INTEGER);
        assertThat(((String) cols.get("uid")[1]).toUpperCase()).as(what).startsWith("INT");
        assertThat(cols.get("uid")[3]).as(what).isEqualTo(DatabaseMetaData.columnNoNulls);
        assertThat(cols.get("uid")[4]).as(what).isEqualTo("NO");
        assertThat(cols.get("uid")[5]).as(what).isEqualTo("user id");
        assertThat(cols.get("name")[0]).as(what).isEqualTo(Types.VARCHAR);
        assertThat(cols.get("name")[2]).as(what).isEqualTo(64);
        assertThat(cols.get("email")[4]).as(what).isEqualTo("YES");
        if (nullableReliable) {
            assertThat(cols.get("email")[3]).as(what).isEqualTo(DatabaseMetaData.columnNullable);
        }
        assertThat(cols.get("score")[0]).as(what).isEqualTo(Types.DOUBLE);
        assertThat(cols.get("score")[6]).as(what).isEqualTo("1.5");
        assertThat(cols.get("score")[7]).as(what).isEqualTo(4);

        try (ResultSet rs = md.getColumns(catalog, schema, "orders", "amount")) {
            assertThat(rs.next()).as(what).isTrue();
            assertThat(rs.getInt("DATA_TYPE")).as(what).isEqualTo(Types.DECIMAL);
            assertThat(rs.getInt("COLUMN_SIZE")).as(what).isEqualTo(15);
            assertThat(rs.getInt("DECIMAL_DIGITS")).as(what).isEqualTo(2);
            assertThat(rs.next()).as(what).isFalse();
        }

        List<String> pk = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, "users")) {
            while (rs.next()) {
                pk.add(rs.getShort("KEY_SEQ") + ":" + rs.getString("COLUMN_NAME"));
            }
        }
        // (JDBC orders primary key rows by COLUMN_NAME; KEY_SEQ carries the key order)
        assertThat(pk).as(what).containsExactlyInAnyOrder("1:uid", "2:name");
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, "orders")) {
            assertThat(rs.next()).as(what + ": a duplicate-key table has no primary key").isFalse();
        }

        List<String> idx = new ArrayList<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, "users", false, false)) {
            while (rs.next()) {
                idx.add(rs.getString("INDEX_NAME") + ":" + rs.getBoolean("NON_UNIQUE") + ":" + rs.getShort("ORDINAL_POSITION")
                        + ":" + rs.getString("COLUMN_NAME"));
            }
        }
        assertThat(idx).as(what).containsExactly("PRIMARY:false:1:uid", "PRIMARY:false:2:name");

        // the rest of what BI tools call while browsing: none of it may fail
        try (ResultSet rs = md.getImportedKeys(catalog, schema, "users")) {
            assertThat(rs.next()).as(what).isFalse();
        }
        try (ResultSet rs = md.getExportedKeys(catalog, schema, "users")) {
            assertThat(rs.next()).as(what).isFalse();
        }
        try (ResultSet rs = md.getTableTypes()) {
            assertThat(rs.next()).as(what).isTrue();
        }
        try (ResultSet rs = md.getTypeInfo()) {
            assertThat(rs.next()).as(what).isTrue();
        }
        try (ResultSet rs = md.getProcedures(catalog, schema, "%")) {
            while (rs.next()) {
                // none expected; reading must not fail
            }
        }
        try (ResultSet rs = md.getFunctions(catalog, schema, "%")) {
            while (rs.next()) {
                // idem
            }
        }
        assertThat(md.getDatabaseProductVersion()).as(what).startsWith("8.0");
    }

    private static String showCreate(Statement s, String db, String table) throws SQLException
    {
        try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + db + "`.`" + table + "`")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(table);
            return rs.getString(2);
        }
    }

    private static List<List<String>> describe(Statement s, String db, String table) throws SQLException
    {
        return rows(s, "DESC `" + db + "`.`" + table + "`");
    }

    private static List<List<String>> fullColumns(Statement s, String db, String table) throws SQLException
    {
        return rows(s, "SHOW FULL COLUMNS FROM `" + table + "` FROM `" + db + "`");
    }

    private static List<String> header(Statement s, String sql) throws SQLException
    {
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnLabel(i));
            }
            return names;
        }
    }

    private static List<List<String>> rows(Statement s, String sql) throws SQLException
    {
        List<List<String>> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> r = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    r.add(rs.getString(i));
                }
                out.add(r);
            }
        }
        return out;
    }
}
