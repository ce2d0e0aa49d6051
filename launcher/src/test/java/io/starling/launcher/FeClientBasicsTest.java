package io.starling.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What real clients need from the statement layer: COM_FIELD_LIST (the mariadb CLI's auto-rehash), SQL NULL
 * variables, string literal escapes through client- and server-side prepared statements, user variables and
 * MySQL's error codes and messages.
 */
class FeClientBasicsTest
{
    /** Quotes, backslashes, control characters and non-ASCII: everything a literal must escape. */
    private static final String TRICKY = "it's a \"quote\" \\ back\\slash\nnew line\ttab \\n not-a-newline '' \u00e9\u4e2d\ud83d\ude00 end\\";

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception
    {
        server = new TestServer();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE fb");
            s.execute("CREATE TABLE fb.t (id INT NOT NULL COMMENT 'the id', name VARCHAR(64) DEFAULT 'anon', "
                    + "amount DECIMAL(10, 2)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
            s.execute("CREATE TABLE fb.strs (id INT NOT NULL, s VARCHAR(200)) DUPLICATE KEY(id) "
                    + "DISTRIBUTED BY HASH(id) BUCKETS 1");
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
    void comFieldListAnswersColumnDefinitions() throws Exception
    {
        try (FeRawMysqlClient c = new FeRawMysqlClient(server.port()).login("fb")) {
            c.write(0, FeRawMysqlClient.cmd(FeRawMysqlClient.COM_FIELD_LIST, "t\0"));
            List<FeRawMysqlClient.ColumnDef> defs = new ArrayList<>();
            byte[] p;
            while (!FeRawMysqlClient.isEof(p = c.read())) {
                assertThat(FeRawMysqlClient.isError(p)).as("COM_FIELD_LIST failed: %s", new String(p)).isFalse();
                defs.add(FeRawMysqlClient.columnDef(p, true));
            }
            assertThat(defs).extracting(FeRawMysqlClient.ColumnDef::name).containsExactly("id", "name", "amount");
            assertThat(defs.get(0).table()).isEqualTo("t");
            assertThat(defs.get(0).schema()).isEqualTo("fb");
            assertThat(defs.get(0).type()).isEqualTo(0x03);                  // LONG
            assertThat(defs.get(0).flags() & 0x1).isEqualTo(0x1);            // NOT NULL
            assertThat(defs.get(1).type()).isEqualTo(0xFD);                  // VAR_STRING
            assertThat(defs.get(1).defaultValue()).isEqualTo("anon");
            assertThat(defs.get(2).type()).isEqualTo(0xF6);                  // NEWDECIMAL

            // with a wildcard: only matching columns
            c.write(0, FeRawMysqlClient.cmd(FeRawMysqlClient.COM_FIELD_LIST, "t\0na%"));
            defs.clear();
            while (!FeRawMysqlClient.isEof(p = c.read())) {
                defs.add(FeRawMysqlClient.columnDef(p, true));
            }
            assertThat(defs).extracting(FeRawMysqlClient.ColumnDef::name).containsExactly("name");

            // unknown table: an error, and the connection stays usable
            p = c.command(FeRawMysqlClient.COM_FIELD_LIST, "nope\0");
            assertThat(FeRawMysqlClient.errorCode(p)).isEqualTo(1146);
            assertThat(c.query("SELECT 1 + 1")).containsExactly(List.of("2"));
        }
    }

    @Test
    void nullVariablesAreSqlNull() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("fb"), "root", "");
                Statement s = c.createStatement()) {
            s.execute("SET character_set_results = NULL");
            try (ResultSet rs = s.executeQuery("SELECT @@character_set_results, @@session.character_set_results IS NULL")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
            s.execute("SET character_set_results = utf8mb4");
            try (ResultSet rs = s.executeQuery("SELECT @@character_set_results")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("utf8mb4");
            }
        }
    }

    @Test
    void stringEscapesRoundTripThroughEveryStatementPath() throws Exception
    {
        String[] urls = {server.jdbcUrl("fb"), server.jdbcUrl("fb") + "&useServerPrepStmts=true",
                server.mariadbUrl("fb"), server.mariadbUrl("fb") + "?useServerPrepStmts=true"};
        int id = 0;
        for (String url : urls) {
            id++;
            try (Connection c = DriverManager.getConnection(url, "root", "")) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO strs VALUES (?, ?)")) {
                    ps.setInt(1, id);
                    ps.setString(2, TRICKY);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT s, length(s), s = ? FROM strs WHERE id = ?")) {
                    ps.setString(1, TRICKY);
                    ps.setInt(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as(url).isTrue();
                        assertThat(rs.getString(1)).as(url).isEqualTo(TRICKY);
                        assertThat(rs.getLong(2)).as(url).isEqualTo(TRICKY.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                        assertThat(rs.getBoolean(3)).as(url).isTrue();
                    }
                }
            }
        }
        // hand-written literals: MySQL escapes and quote doubling
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("fb"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 'a\\'b', 'a''b', 'a\\\\b', length('a\\0b'), 'x\\ny', 'x\\ty', "
                        + "\"d\"\"q\", 'p\\%'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("a'b");
            assertThat(rs.getString(2)).isEqualTo("a'b");
            assertThat(rs.getString(3)).isEqualTo("a\\b");
            assertThat(rs.getInt(4)).isEqualTo(3);
            assertThat(rs.getString(5)).isEqualTo("x\ny");
            assertThat(rs.getString(6)).isEqualTo("x\ty");
            assertThat(rs.getString(7)).isEqualTo("d\"q");
            assertThat(rs.getString(8)).isEqualTo("p\\%");
        }
    }

    @Test
    void userVariables() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("fb"), "root", "");
                Statement s = c.createStatement()) {
            s.execute("SET @v = 1, @s = 'it''s', @d = 2.50, @n = NULL");
            try (ResultSet rs = s.executeQuery("SELECT @v, @v + 1, @s, @d * 2, @n, @never_set, @V")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getLong(2)).isEqualTo(2);
                assertThat(rs.getString(3)).isEqualTo("it's");
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo(new BigDecimal("5.00"));
                assertThat(rs.getObject(5)).isNull();
                assertThat(rs.getObject(6)).isNull();
                assertThat(rs.getLong(7)).as("user variable names are case-insensitive").isEqualTo(1);
            }
            s.execute("INSERT INTO t (id, name) VALUES (100, 'var')");
            s.execute("SET @k = (SELECT max(id) FROM t)");
            s.execute("SET @w := @v + 41");
            try (ResultSet rs = s.executeQuery("SELECT name, @w FROM t WHERE id = @k")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("var");
                assertThat(rs.getLong(2)).isEqualTo(42);
            }
        }
        // per session: a new connection does not see them
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("fb"), "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @v")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1)).isNull();
        }
    }

    @Test
    void errorCodesAndMessagesAreMysqls() throws Exception
    {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("fb"), "root", "");
                Statement s = c.createStatement()) {
            assertError(s, "SELECT * FROM missing_table", 1146, "42S02", "Table 'fb.missing_table' doesn't exist");
            assertError(s, "DESC missing_table", 1146, "42S02", "Table 'fb.missing_table' doesn't exist");
            assertError(s, "SHOW COLUMNS FROM missing_table", 1146, "42S02", "doesn't exist");
            assertError(s, "SHOW CREATE TABLE missing_table", 1146, "42S02", "doesn't exist");
            assertError(s, "INSERT INTO missing_table VALUES (1)", 1146, "42S02", "doesn't exist");
            assertError(s, "TRUNCATE TABLE missing_table", 1146, "42S02", "doesn't exist");
            assertError(s, "DROP TABLE missing_table", 1051, "42S02", "Unknown table");
            assertError(s, "INSERT INTO t (name) VALUES ('x')", 1364, "HY000", "Field 'id' doesn't have a default value");
            assertError(s, "SELECT no_such_fn(1)", 1305, "42000", "FUNCTION no_such_fn does not exist");
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    static void assertError(Statement s, String sql, int code, String sqlState, String messagePart)
    {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getErrorCode()).as(sql + ": " + e.getMessage()).isEqualTo(code);
            assertThat(e.getSQLState()).as(sql).isEqualTo(sqlState);
            assertThat(e.getMessage()).as(sql).contains(messagePart);
        });
    }
}
