package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server as MySQL Connector/J, MariaDB Connector/J and the mariadb CLI see it. */
class ClientCompatibilityTest
{
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE cc");
            s.execute("CREATE TABLE cc.typed (id INT NOT NULL, flag BOOLEAN, amount DECIMAL(12, 2), d DATE, ts DATETIME, "
                    + "name VARCHAR(20), big BIGINT, dbl DOUBLE) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2");
            s.execute("INSERT INTO cc.typed VALUES (1, true, 12.30, '2024-05-06', '2024-05-06 07:08:09', 'x', 5000000000, 0.25),"
                    + " (2, false, -0.05, '1999-12-31', '2000-01-01 00:00:00', NULL, -1, NULL)");
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
    void connectorJTypesAndMetadata() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("cc"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, flag, amount, d, ts, name, big, dbl FROM typed ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnType(1)).isEqualTo(Types.INTEGER);
            assertThat(md.getColumnType(2)).isIn(Types.BIT, Types.BOOLEAN);
            assertThat(md.getColumnType(3)).isEqualTo(Types.DECIMAL);
            assertThat(md.getScale(3)).isEqualTo(2);
            assertThat(md.getColumnType(4)).isEqualTo(Types.DATE);
            assertThat(md.getColumnType(5)).isIn(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);
            assertThat(md.getColumnType(6)).isEqualTo(Types.VARCHAR);
            assertThat(md.getColumnType(7)).isEqualTo(Types.BIGINT);
            assertThat(md.getColumnType(8)).isEqualTo(Types.DOUBLE);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(2)).isEqualTo(Boolean.TRUE);
            assertThat(rs.getObject(3)).isEqualTo(new BigDecimal("12.30"));
            assertThat(rs.getObject(4)).isInstanceOf(java.sql.Date.class);
            assertThat(rs.getString(4)).isEqualTo("2024-05-06");
            assertThat(rs.getString(5)).startsWith("2024-05-06 07:08:09");
            assertThat(rs.getObject(6)).isEqualTo("x");
            assertThat(rs.getLong(7)).isEqualTo(5_000_000_000L);
            assertThat(rs.getDouble(8)).isEqualTo(0.25);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(2)).isEqualTo(Boolean.FALSE);
            assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("-0.05"));
            assertThat(rs.getObject(6)).isNull();
            assertThat(rs.next()).isFalse();
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("cc"), "root", "")) {
            DatabaseMetaData dmd = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = dmd.getTables("cc", null, "%", null)) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("typed");
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = dmd.getColumns("cc", null, "typed", "%")) {
                while (rs.next()) {
                    cols.add(rs.getString("COLUMN_NAME"));
                }
            }
            assertThat(cols).containsExactly("id", "flag", "amount", "d", "ts", "name", "big", "dbl");
        }
    }

    @Test
    void serverSidePreparedStatements() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("cc") + "&useServerPrepStmts=true", "root", "");
                PreparedStatement ps = c.prepareStatement("SELECT id, amount, name FROM typed WHERE id = ? AND d > ?")) {
            ps.setInt(1, 1);
            ps.setDate(2, java.sql.Date.valueOf("2000-01-01"));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("12.30"));
                assertThat(rs.getString(3)).isEqualTo("x");
                assertThat(rs.next()).isFalse();
            }
            ps.setInt(1, 2);
            ps.setDate(2, java.sql.Date.valueOf("1990-01-01"));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(3)).isNull();
            }
        }
    }

    @Test
    void mariadbConnector() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.mariadbUrl("cc"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), sum(amount) FROM typed")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
            assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("12.25"));
        }
    }

    @Test
    void usersAndWrongPassword() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE USER 'alice' IDENTIFIED BY 's3cret'");
        }
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "alice", "s3cret");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(""), "alice", "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        assertThatThrownBy(() -> DriverManager.getConnection(server.mariadbUrl(""), "alice", "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP USER 'alice'");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(""), "alice", "s3cret"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void largeResultStreams() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("cc"), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE nums (n BIGINT) DISTRIBUTED BY HASH(n) BUCKETS 2");
            s.execute("INSERT INTO nums VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
            // 10^5 rows through a 5-way cross product
            try (Statement q = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                q.setFetchSize(Integer.MIN_VALUE);
                long count = 0;
                long sum = 0;
                try (ResultSet rs = q.executeQuery("SELECT a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n "
                        + "FROM nums a, nums b, nums c, nums d, nums e")) {
                    while (rs.next()) {
                        count++;
                        sum += rs.getLong(1);
                    }
                }
                assertThat(count).isEqualTo(100_000);
                assertThat(sum).isEqualTo(99_999L * 100_000L / 2);
            }
        }
    }

    @Test
    void queryTimeoutAndCancelKeepConnectionUsable() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("cc"), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE slow (k INT, v BIGINT) DISTRIBUTED BY HASH(v) BUCKETS 2");
            s.execute("INSERT INTO slow VALUES (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8)");
            for (long n = 8; n < 8192; n *= 2) {
                s.execute("INSERT INTO slow SELECT k, v + " + n + " FROM slow");
            }
            // 8192 rows, one key: the self join produces 67M rows, far more than a second's work
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM slow a JOIN slow b ON a.k = b.k JOIN slow c ON b.k = c.k"))
                    .isInstanceOf(SQLException.class);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
            s.setQueryTimeout(0);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM slow")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(8192);
            }
        }
    }

    @Test
    void mariadbCli() throws Exception
    {
        String cli = CliSupport.find("mariadb", "mysql");
        org.junit.jupiter.api.Assumptions.assumeTrue(cli != null, "mariadb/mysql CLI not installed");
        String out = CliSupport.run(cli, "-h127.0.0.1", "-P" + server.port(), "-uroot", "--batch", "-e",
                "SELECT @@version_comment; SELECT id, amount, name FROM cc.typed ORDER BY id; SHOW DATABASES;");
        assertThat(out).contains("Starling").contains("1\t12.30\tx").contains("2\t-0.05\tNULL").contains("cc");
        String err = CliSupport.runExpectFailure(cli, "-h127.0.0.1", "-P" + server.port(), "-uroot", "--batch", "-e",
                "SELECT * FROM cc.no_such_table");
        assertThat(err).contains("1146");
    }
}
