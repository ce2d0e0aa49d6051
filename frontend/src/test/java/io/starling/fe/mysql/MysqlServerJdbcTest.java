package io.starling.fe.mysql;

import io.starling.fe.auth.UserStore;
import io.starling.fe.qe.SqlError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives {@link MysqlServer} with the real MySQL Connector/J and MariaDB Connector/J drivers. */
class MysqlServerJdbcTest
{
    private static final String SECRET_USER = "alice";
    private static final String SECRET = "s3cret!";

    private static FakeExecutor executor;
    private static MysqlServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception
    {
        executor = new FakeExecutor();
        UserStore users = new UserStore();
        users.create(SECRET_USER, "%", SECRET);
        ConnectionRegistry registry = new ConnectionRegistry();
        executor.setRegistry(registry);
        server = new MysqlServer(0, executor, users, registry);
        server.start();
        port = server.port();
    }

    @AfterAll
    static void stop()
    {
        server.stop();
    }

    private static Connection mysql(String db, String extra) throws SQLException
    {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + db
                + "?user=root&password=&useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000" + extra);
    }

    private static Connection mariadb(String db, String extra) throws SQLException
    {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + db + "?user=root&password=" + extra);
    }

    @Test
    void connectorJConnectsWithAndWithoutDatabase() throws Exception
    {
        try (Connection c = mysql("", ""); Statement s = c.createStatement()) {
            assertThat(c.getMetaData().getDatabaseProductVersion()).isEqualTo("8.0.33");
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(c.isValid(2)).isTrue();
            try (ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
        }
        try (Connection c = mysql(FakeExecutor.DB, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(FakeExecutor.DB);
            assertThat(c.getCatalog()).isEqualTo(FakeExecutor.DB);
        }
    }

    @Test
    void unknownDatabaseAtConnectIs1049()
    {
        assertThatThrownBy(() -> mysql("nodb", "").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
        assertThatThrownBy(() -> mariadb("nodb", "").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
    }

    @Test
    void passwordsAreChecked() throws Exception
    {
        String base = "jdbc:mysql://127.0.0.1:" + port + "/?useSSL=false&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(base, SECRET_USER, SECRET)) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(base, SECRET_USER, "wrong").close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1045);
                    assertThat(e.getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("Access denied for user 'alice'");
                });
        assertThatThrownBy(() -> DriverManager.getConnection(base, "nobody", "").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        String maria = "jdbc:mariadb://127.0.0.1:" + port + "/";
        try (Connection c = DriverManager.getConnection(maria, SECRET_USER, SECRET)) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(maria, SECRET_USER, "nope").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void typedColumnsWithConnectorJTextAndBinary() throws Exception
    {
        try (Connection c = mysql("", ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT types")) {
            checkTypes(rs);
        }
        try (Connection c = mysql("", "&useServerPrepStmts=true"); PreparedStatement ps = c.prepareStatement("SELECT types");
                ResultSet rs = ps.executeQuery()) {
            checkTypes(rs);
        }
    }

    @Test
    void typedColumnsWithMariaDbTextAndBinary() throws Exception
    {
        try (Connection c = mariadb("", ""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT types")) {
            checkTypes(rs);
        }
        try (Connection c = mariadb("", "&useServerPrepStmts=true"); PreparedStatement ps = c.prepareStatement("SELECT types");
                ResultSet rs = ps.executeQuery()) {
            checkTypes(rs);
        }
    }

    private static void checkTypes(ResultSet rs) throws SQLException
    {
        ResultSetMetaData md = rs.getMetaData();
        assertThat(md.getColumnCount()).isEqualTo(FakeExecutor.TYPE_COLUMNS.size());
        assertThat(md.getColumnType(1)).isIn(Types.BIT, Types.BOOLEAN);
        assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
        assertThat(md.getColumnType(2)).isEqualTo(Types.TINYINT);
        assertThat(md.getColumnType(3)).isEqualTo(Types.SMALLINT);
        assertThat(md.getColumnType(4)).isEqualTo(Types.INTEGER);
        assertThat(md.getColumnType(5)).isEqualTo(Types.BIGINT);
        assertThat(md.getColumnType(6)).isIn(Types.DECIMAL, Types.NUMERIC);
        assertThat(md.getColumnType(7)).isIn(Types.REAL, Types.FLOAT);
        assertThat(md.getColumnType(8)).isEqualTo(Types.DOUBLE);
        assertThat(md.getColumnType(9)).isEqualTo(Types.DECIMAL);
        assertThat(md.getScale(9)).isEqualTo(2);
        assertThat(md.getColumnType(11)).isEqualTo(Types.DATE);
        assertThat(md.getColumnType(12)).isEqualTo(Types.TIMESTAMP);
        assertThat(md.getColumnType(13)).isEqualTo(Types.CHAR);
        assertThat(md.getColumnType(14)).isEqualTo(Types.VARCHAR);

        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1)).isEqualTo(Boolean.TRUE);
        assertThat(rs.getInt(2)).isEqualTo(-7);
        assertThat(rs.getInt(3)).isEqualTo(30000);
        assertThat(rs.getInt(4)).isEqualTo(-123456789);
        assertThat(rs.getLong(5)).isEqualTo(1234567890123L);
        assertThat(rs.getBigDecimal(6)).isEqualByComparingTo(new BigDecimal("18446744073709551616"));
        assertThat(rs.getFloat(7)).isEqualTo(1.5f);
        assertThat(rs.getDouble(8)).isEqualTo(0.1);
        assertThat(rs.getObject(9)).isInstanceOf(BigDecimal.class);
        assertThat(rs.getBigDecimal(9)).isEqualTo(new BigDecimal("12.30"));
        assertThat(rs.getBigDecimal(10)).isEqualTo(new BigDecimal("-0.0000000001"));
        assertThat(rs.getObject(11)).isInstanceOf(java.sql.Date.class);
        assertThat(rs.getObject(11, LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(rs.getObject(12, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 45, 6, 123_456_000));
        assertThat(rs.getString(13)).isEqualTo("ab");
        assertThat(rs.getObject(14)).isEqualTo("héllo");
        assertThat(rs.getObject(15)).isNull();

        assertThat(rs.next()).isTrue();
        for (int i = 1; i <= FakeExecutor.TYPE_COLUMNS.size(); i++) {
            assertThat(rs.getObject(i)).as("column %d", i).isNull();
        }
        assertThat(rs.next()).isFalse();
    }

    @Test
    void largeResultStreamsInManyBatches() throws Exception
    {
        for (Connection c : new Connection[] {mysql("", ""), mariadb("", "")}) {
            try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT big")) {
                long n = 0;
                while (rs.next()) {
                    assertThat(rs.getLong(1)).isEqualTo(n);
                    if (n % 9973 == 0) {
                        assertThat(rs.getString(2)).isEqualTo("row-" + n);
                    }
                    n++;
                }
                assertThat(n).isEqualTo(FakeExecutor.BIG_ROWS);
            }
        }
    }

    @Test
    void errorsBecomeSqlExceptionsAndTheConnectionSurvives() throws Exception
    {
        try (Connection c = mysql("", ""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT error"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1146);
                        assertThat(e.getSQLState()).isEqualTo("42S02");
                    });
            assertThatThrownBy(() -> s.executeQuery("SELECT runtime_error"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1105);
                        assertThat(e.getMessage()).contains("boom");
                    });
            assertThatThrownBy(() -> {
                try (ResultSet rs = s.executeQuery("SELECT midstream_error")) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("exceeded limit"));
            try (ResultSet rs = s.executeQuery("SELECT 42")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThat(s.executeUpdate("insert something")).isEqualTo(3);
        }
    }

    @Test
    void serverPreparedStatementsWithParameters() throws Exception
    {
        for (Connection c : new Connection[] {mysql("", "&useServerPrepStmts=true"), mariadb("", "&useServerPrepStmts=true")}) {
            try (c; PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?, ? -- what?")) {
                for (int round = 0; round < 2; round++) {
                    ps.setLong(1, 7 + round);
                    ps.setString(2, "it's a \\ test");
                    ps.setBigDecimal(3, new BigDecimal("3.25"));
                    ps.setNull(4, Types.VARCHAR);
                    ps.setDate(5, java.sql.Date.valueOf("2024-03-01"));
                    ps.setTimestamp(6, java.sql.Timestamp.valueOf("2024-03-01 10:11:12.5"));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(7 + round);
                        assertThat(rs.getString(2)).isEqualTo("it's a \\ test");
                        assertThat(rs.getBigDecimal(3)).isEqualTo(new BigDecimal("3.25"));
                        assertThat(rs.getString(4)).isNull();
                        assertThat(rs.getString(5)).isEqualTo("2024-03-01");
                        assertThat(rs.getString(6)).isEqualTo("2024-03-01 10:11:12.500000");
                    }
                }
            }
        }
        String last = executor.statements.get(executor.statements.size() - 1);
        assertThat(last).startsWith("SELECT 8, 'it\\'s a \\\\ test', 3.25, NULL, '2024-03-01', '2024-03-01 10:11:12.500000'");
    }

    @Test
    void statementOver16MiBBothWays() throws Exception
    {
        String big = "x".repeat(17 * 1024 * 1024 + 3);
        for (Connection c : new Connection[] {mysql("", ""), mariadb("", "")}) {
            try (c; Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT '" + big + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).hasSize(big.length()).isEqualTo(big);
            }
        }
    }

    @Test
    void multiStatements() throws Exception
    {
        for (Connection c : new Connection[] {mysql("", "&allowMultiQueries=true"), mariadb("", "&allowMultiQueries=true")}) {
            try (c; Statement s = c.createStatement()) {
                assertThat(s.execute("SELECT 1; SELECT 'a;b' ; /* x; */ insert something; SELECT 2;")).isTrue();
                try (ResultSet rs = s.getResultSet()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
                assertThat(s.getMoreResults()).isTrue();
                try (ResultSet rs = s.getResultSet()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("a;b");
                }
                assertThat(s.getMoreResults()).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(3);
                assertThat(s.getMoreResults()).isTrue();
                try (ResultSet rs = s.getResultSet()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
                assertThat(s.getMoreResults()).isFalse();
                assertThat(s.getUpdateCount()).isEqualTo(-1);
                // a failing statement stops the batch, and the connection stays usable
                assertThatThrownBy(() -> {
                    s.execute("SELECT 1; SELECT error; SELECT 3");
                    while (s.getMoreResults() || s.getUpdateCount() != -1) {
                        // drain
                    }
                }).isInstanceOf(SQLException.class);
                try (ResultSet rs = s.executeQuery("SELECT 5")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(5);
                }
            }
        }
    }

    @Test
    void queryTimeoutSendsKillQueryOnASecondConnection() throws Exception
    {
        try (Connection c = mysql("", ""); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            assertThatThrownBy(() -> s.executeQuery("SELECT sleep")).isInstanceOf(SQLTimeoutException.class);
            assertThat(executor.statements).anyMatch(q -> q.toUpperCase().startsWith("KILL QUERY"));
            s.setQueryTimeout(0);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void cancelFromAnotherThread() throws Exception
    {
        executor.slowStarted = new CountDownLatch(1);
        try (Connection c = mysql("", ""); Statement s = c.createStatement()) {
            Thread canceller = Thread.ofPlatform().start(() -> {
                try {
                    if (executor.slowStarted.await(10, TimeUnit.SECONDS)) {
                        s.cancel();
                    }
                }
                catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThatThrownBy(() -> s.executeQuery("SELECT sleep"))
                    .isInstanceOf(com.mysql.cj.jdbc.exceptions.MySQLStatementCancelledException.class);
            canceller.join();
            assertThat(executor.closedSources).contains("sleep");
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void killConnectionClosesIt() throws Exception
    {
        try (Connection victim = mysql("", ""); Connection killer = mysql("", "")) {
            long id;
            try (Statement s = victim.createStatement(); ResultSet rs = s.executeQuery("SELECT connection_id()")) {
                rs.next();
                id = rs.getLong(1);
            }
            assertThat(server.registry().get(id)).isNotNull();
            try (Statement s = killer.createStatement()) {
                s.execute("KILL " + id);
            }
            assertThatThrownBy(() -> {
                try (Statement s = victim.createStatement()) {
                    s.executeQuery("SELECT 1");
                }
            }).isInstanceOf(SQLException.class);
            long deadline = System.currentTimeMillis() + 5000;
            while (server.registry().get(id) != null && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.registry().get(id)).isNull();
        }
    }

    @Test
    void transactionsAndAutocommitFlags() throws Exception
    {
        try (Connection c = mysql("", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN");
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void initDbThroughSetCatalog() throws Exception
    {
        try (Connection c = mysql("", "")) {
            c.setCatalog(FakeExecutor.DB);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(FakeExecutor.DB);
            }
            assertThatThrownBy(() -> c.setCatalog("missing"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1049));
        }
    }

    @Test
    void mariaDbPoolResetAndPing() throws Exception
    {
        try (Connection c = mariadb("", "&useResetConnection=true")) {
            assertThat(c.isValid(2)).isTrue();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 'ok'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
    }

    @Test
    void sqlErrorShape()
    {
        SqlError e = new SqlError(io.starling.fe.qe.ErrorCode.BAD_DB, "x");
        assertThat(e.code()).isEqualTo(1049);
    }
}
