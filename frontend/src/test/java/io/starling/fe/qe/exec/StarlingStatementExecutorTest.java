package io.starling.fe.qe.exec;

import io.starling.fe.FrontendServer;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.meta.MetaRows;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionRegistry;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.fe.testing.FakeBackend;
import io.starling.fe.txn.TxnStatus;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.SinkResult;
import io.starling.rpc.proto.TabletCommitInfo;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StarlingStatementExecutorTest
{
    @TempDir
    Path dir;

    private final FakeBackend be = new FakeBackend();
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private FrontendServer fe;
    private Session s;

    /** A planner stand-in: every query is an empty VALUES node with one BIGINT column. */
    private static final QueryPlanning FAKE_PLANNER = new QueryPlanning()
    {
        @Override
        public Planned plan(io.starling.fe.parser.StarRocksParser.QueryStatementContext q, Session session)
        {
            return new Planned(PlanNode.getDefaultInstance(), List.of(ResultColumn.of("x", DataType.BIGINT)),
                    "PLAN FRAGMENT 0\n  RESULT SINK");
        }

        @Override
        public PlanNode planInsertSource(io.starling.fe.parser.StarRocksParser.InsertStatementContext insert,
                OlapTable table, Session session)
        {
            return PlanNode.getDefaultInstance();
        }
    };

    @BeforeEach
    void setUp() throws Exception
    {
        SessionRegistry registry = new SessionRegistry()
        {
            @Override
            public Collection<Session> sessions()
            {
                return sessions.values();
            }

            @Override
            public Session get(long id)
            {
                return sessions.get(id);
            }
        };
        fe = new FrontendServer(dir, be, registry, FAKE_PLANNER, 1000);
        s = newSession(1);
    }

    @AfterEach
    void tearDown() throws Exception
    {
        fe.close();
    }

    private Session newSession(long id)
    {
        Session x = new Session(id, "root", "127.0.0.1", new SessionVariables());
        sessions.put(id, x);
        return x;
    }

    private QueryResult run(String sql) throws SqlError
    {
        return fe.executor().execute(s, sql);
    }

    private List<List<Object>> rows(String sql) throws SqlError
    {
        QueryResult r = run(sql);
        assertThat(r).isInstanceOf(QueryResult.Rows.class);
        return MetaRows.drain(((QueryResult.Rows) r).rows());
    }

    private void assertError(String sql, int code)
    {
        assertThatThrownBy(() -> run(sql)).isInstanceOf(SqlError.class).satisfies(e ->
                assertThat(((SqlError) e).code()).as(((SqlError) e).getMessage()).isEqualTo(code));
    }

    @Test
    void databaseStatementsAndErrors() throws Exception
    {
        run("CREATE DATABASE db1");
        assertError("CREATE DATABASE db1", 1007);
        run("CREATE DATABASE IF NOT EXISTS db1");
        assertError("DROP DATABASE nope", 1008);
        assertError("USE nope", 1049);
        assertError("SHOW TABLES", 1046);
        run("USE db1");
        assertThat(s.currentDb()).isEqualTo("db1");
        assertThat(rows("SHOW DATABASES")).extracting(r -> r.get(0)).containsExactly("db1", "information_schema");
        assertThat(rows("SHOW DATABASES LIKE 'db%'")).hasSize(1);
        run("DROP DATABASE db1");
        assertThat(s.currentDb()).isEmpty();
    }

    @Test
    void createTableValidation() throws Exception
    {
        run("CREATE DATABASE d");
        run("USE d");
        assertError("CREATE TABLE t (a INT, a INT)", 1060);
        assertError("CREATE TABLE t (a INT, b INT) DUPLICATE KEY(c)", 1054);
        assertError("CREATE TABLE t (a INT, b INT) DUPLICATE KEY(b)", 1210);
        assertError("CREATE TABLE t (a INT, b INT) DISTRIBUTED BY HASH(z)", 1054);
        assertError("CREATE TABLE t (a INT, d DATE) PARTITION BY RANGE(d) (PARTITION p2 VALUES LESS THAN ('2021-01-01'), "
                + "PARTITION p1 VALUES LESS THAN ('2020-01-01'))", 1210);
        assertError("CREATE TABLE t (a INT, b INT) AGGREGATE KEY(a)", 1210);
        run("CREATE TABLE t (a INT NOT NULL, b VARCHAR(10) DEFAULT 'x' COMMENT 'bee')");
        assertError("CREATE TABLE t (a INT)", 1050);
        run("CREATE TABLE IF NOT EXISTS t (a INT)");
        OlapTable t = fe.catalog().getTable("d", "t");
        assertThat(t.distribution().random()).isTrue();
        assertThat(t.distribution().buckets()).isEqualTo(io.starling.fe.catalog.Catalog.DEFAULT_BUCKETS);
        assertThat(t.keyColumns()).containsExactly("a", "b");
        assertError("DROP TABLE nope", 1051);
        assertError("TRUNCATE TABLE nope", 1146);
        assertError("DESC nope", 1146);
        run("TRUNCATE TABLE t");
        run("DROP TABLE t");
        run("DROP TABLE IF EXISTS t");
    }

    @Test
    void showCreateTableRoundTrips() throws Exception
    {
        run("CREATE DATABASE d");
        run("USE d");
        run("CREATE TABLE t (k1 INT NOT NULL COMMENT 'key', d DATE, v DECIMAL(15, 2) SUM DEFAULT '0') "
                + "AGGREGATE KEY(k1, d) COMMENT 'my table' PARTITION BY RANGE(d) ("
                + "PARTITION p1 VALUES LESS THAN ('2020-01-01'), PARTITION p2 VALUES LESS THAN (MAXVALUE)) "
                + "DISTRIBUTED BY HASH(k1) BUCKETS 3 PROPERTIES ('replication_num' = '1')");
        String ddl = (String) rows("SHOW CREATE TABLE t").get(0).get(1);
        assertThat(ddl).startsWith("CREATE TABLE `t` (\n  `k1` int(11) NOT NULL COMMENT \"key\",\n")
                .contains(") ENGINE=OLAP \nAGGREGATE KEY(`k1`, `d`)\nCOMMENT \"my table\"\n")
                .contains("PARTITION p1 VALUES [(\"0000-01-01\"), (\"2020-01-01\"))")
                .contains("DISTRIBUTED BY HASH(`k1`) BUCKETS 3 \nPROPERTIES (\n\"replication_num\" = \"1\"\n);");
        OlapTable before = fe.catalog().getTable("d", "t");
        run("DROP TABLE t");
        run(ddl);
        OlapTable after = fe.catalog().getTable("d", "t");
        assertThat(after.columns()).isEqualTo(before.columns());
        assertThat(after.partitions()).extracting(p -> p.name()).containsExactly("p1", "p2");
        assertThat(after.partitions().get(1).upper().getIsNull()).isTrue();
        assertThat(rows("DESC t")).first().isEqualTo(java.util.Arrays.asList("k1", "int(11)", "NO", "true", null, ""));
        assertThat(rows("SHOW FULL COLUMNS FROM t")).hasSize(3);
        assertThat(rows("SHOW PARTITIONS FROM t")).hasSize(2);
        assertThat(rows("SHOW TABLET FROM t")).hasSize(6);
        assertThat(rows("SHOW FULL TABLES")).containsExactly(List.of("t", "BASE TABLE"));
    }

    @Test
    void setAndShowVariables() throws Exception
    {
        run("SET query_timeout = 10");
        assertThat(s.variables().get("query_timeout")).isEqualTo("10");
        run("set autocommit=1, sql_mode=CONCAT(@@sql_mode,',STRICT_TRANS_TABLES'), NAMES utf8mb4");
        assertThat(s.variables().get("sql_mode")).contains("STRICT_TRANS_TABLES").doesNotStartWith(",");
        run("SET sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')");
        assertThat(s.variables().get("sql_mode").split("STRICT_TRANS_TABLES", -1)).hasSize(2);
        run("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        assertThat(s.variables().get("transaction_isolation")).isEqualTo("READ-COMMITTED");
        assertError("SET no_such_variable = 1", 1193);
        assertError("SET x = @@no_such_variable", 1193);
        run("SET query_timeout = DEFAULT");
        assertThat(s.variables().get("query_timeout")).isEqualTo("300");
        assertThat(rows("SHOW VARIABLES LIKE 'query_timeout'")).containsExactly(List.of("query_timeout", "300"));
        assertThat(rows("SHOW VARIABLES WHERE Variable_name IN ('autocommit', 'query_timeout')")).hasSize(2);
        assertThat(rows("SHOW COLLATION LIKE 'utf8mb4_general_ci'")).first()
                .satisfies(r -> assertThat(r.get(2)).isEqualTo("45"));
    }

    @Test
    void userVariablesKeepMysqlTypes() throws Exception
    {
        run("SET @i = 41, @d = 2.50, @s = 'it''s', @n = NULL, @e = 1.5e3");
        run("SET @j := @i + 1, @k = CONCAT(@s, '!')");
        assertThat(s.userVariable("i")).isEqualTo(41L);
        assertThat(s.userVariable("j")).isEqualTo(42L);
        assertThat(s.userVariable("d")).isEqualTo(new java.math.BigDecimal("2.50"));
        assertThat(s.userVariable("e")).isEqualTo(1500.0);
        assertThat(s.userVariable("s")).isEqualTo("it's");
        assertThat(s.userVariable("k")).isEqualTo("it's!");
        assertThat(s.userVariable("n")).isNull();
        // visible to SHOW ... WHERE as to any expression
        assertThat(rows("SHOW VARIABLES WHERE Variable_name = CONCAT('query_', 'timeout') AND @i = 41")).hasSize(1);
        // other sessions do not see them
        assertThat(newSession(3).userVariable("i")).isNull();
    }

    @Test
    void routineStatusIsEmpty() throws Exception
    {
        for (String sql : List.of("SHOW FUNCTION STATUS WHERE Db = 'x' AND Name LIKE '%'", "show procedure status")) {
            QueryResult.Rows r = (QueryResult.Rows) run(sql);
            assertThat(r.columns()).extracting(ResultColumn::name).startsWith("Db", "Name", "Type");
            assertThat(MetaRows.drain(r.rows())).isEmpty();
        }
    }

    @Test
    void memoryLimitMessageNamesTheLimitAndTheFix()
    {
        assertThat(QueryCoordinator.memLimitMessage(1048576, "Memory of process/q exceeds limit"))
                .startsWith("Mem usage has exceed the limit of query: query_mem_limit = 1048576 bytes.")
                .contains("SET query_mem_limit").endsWith("Detail: Memory of process/q exceeds limit");
        assertThat(QueryCoordinator.memLimitMessage(0, "x")).contains("process memory pool");
    }

    @Test
    void usersAndSessions() throws Exception
    {
        run("CREATE USER 'alice'@'%' IDENTIFIED BY 'pw'");
        assertError("CREATE USER alice", 1396);
        run("CREATE USER IF NOT EXISTS alice");
        assertThat(rows("SHOW USERS")).extracting(r -> r.get(0)).contains("'alice'@'%'", "'root'@'%'");
        run("DROP USER alice");
        assertError("DROP USER alice", 1396);
        assertError("KILL 999", 1094);
        assertThat(rows("SHOW PROCESSLIST")).hasSize(1);
        run("BEGIN");
        assertThat(s.inTransaction()).isTrue();
        run("COMMIT");
        assertThat(s.inTransaction()).isFalse();
    }

    @Test
    void killInterruptsARunningQuery() throws Exception
    {
        be.blockQueries = true;
        QueryResult.Rows r = (QueryResult.Rows) run("SELECT 1");
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                r.rows().next();
                return null;
            }
            catch (Throwable t) {
                return t;
            }
        });
        Session other = newSession(2);
        Thread.sleep(50);
        fe.executor().execute(other, "KILL QUERY 1");
        Throwable t = f.get(10, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(SqlError.class);
        assertThat(((SqlError) t).code()).isEqualTo(1317);
    }

    @Test
    void queryTimeoutGives3024() throws Exception
    {
        be.blockQueries = true;
        run("SET query_timeout = 1");
        QueryResult.Rows r = (QueryResult.Rows) run("SELECT 1");
        assertThatThrownBy(() -> r.rows().next()).isInstanceOf(SqlError.class)
                .satisfies(e -> assertThat(((SqlError) e).code()).isEqualTo(3024));
    }

    @Test
    void insertCommitsOrAbortsAtomically() throws Exception
    {
        run("CREATE DATABASE d");
        run("USE d");
        run("CREATE TABLE t (k INT) DISTRIBUTED BY HASH(k) BUCKETS 1");
        OlapTable t = fe.catalog().getTable("d", "t");
        long pid = t.partitions().get(0).id();
        long tablet = t.partitions().get(0).tablets().get(0).id();
        be.sinkBehaviour = f -> SinkResult.newBuilder().setLoadedRows(3).addCommitInfos(TabletCommitInfo.newBuilder()
                .setTabletId(tablet).setPartitionId(pid).setNumRows(3).setDataBytes(30)).build();
        QueryResult.Ok ok = (QueryResult.Ok) run("INSERT INTO t WITH LABEL l1 VALUES (1), (2), (3)");
        assertThat(ok.affectedRows()).isEqualTo(3);
        assertThat(ok.info()).contains("'label':'l1'").contains("VISIBLE");
        assertThat(fe.catalog().getTable("d", "t").rowCount()).isEqualTo(3);
        assertThat(be.executed.getLast().getSink().getOlapTable().getPartition().getPartitionsCount()).isEqualTo(1);
        assertError("INSERT INTO t WITH LABEL l1 VALUES (4)", 1105);
        be.sinkBehaviour = f -> {
            throw new IllegalStateException("bad row");
        };
        assertError("INSERT INTO t WITH LABEL l2 VALUES (5)", 1105);
        var db = fe.catalog().getDatabase("d");
        assertThat(fe.transactions().byLabel(db.id(), "l2").status()).isEqualTo(TxnStatus.ABORTED);
        assertThat(fe.catalog().getTable("d", "t").rowCount()).isEqualTo(3);
        assertThat(rows("SHOW LOAD")).hasSize(2);
        assertError("INSERT INTO nope VALUES (1)", 1146);
    }

    @Test
    void informationSchema() throws Exception
    {
        run("CREATE DATABASE d");
        run("CREATE TABLE d.t (id BIGINT NOT NULL, name VARCHAR(20)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1");
        var is = fe.informationSchema();
        assertThat(is.rows("schemata")).extracting(r -> r.get(1)).contains("d", "information_schema");
        assertThat(is.rows("TABLES")).anySatisfy(r -> assertThat(r.subList(1, 4)).isEqualTo(List.of("d", "t", "BASE TABLE")));
        assertThat(is.rows("COLUMNS")).hasSize(2).first().satisfies(r -> {
            assertThat(r.get(3)).isEqualTo("id");
            assertThat(r.get(16)).isEqualTo("PRI");
        });
        assertThat(is.rows("STATISTICS")).hasSize(1);
        assertThat(is.rows("VIEWS")).isEmpty();
        assertThat(is.columns("COLUMNS")).extracting(c -> c.name()).contains("TABLE_SCHEMA", "ORDINAL_POSITION");
        assertThat(rows("SHOW INDEX FROM d.t")).hasSize(1);
        run("USE information_schema");
        assertThat(rows("SHOW TABLES")).extracting(r -> r.get(0)).contains("tables", "columns");
    }

    @Test
    void explainAndShowMisc() throws Exception
    {
        assertThat(rows("EXPLAIN SELECT 1")).extracting(r -> r.get(0)).containsExactly("PLAN FRAGMENT 0", "  RESULT SINK");
        assertThat(rows("SHOW ENGINES")).hasSize(1);
        assertThat(rows("SHOW CATALOGS")).first().satisfies(r -> assertThat(r.get(0)).isEqualTo("default_catalog"));
        assertThat(rows("SHOW BACKENDS")).hasSize(1);
        assertThat(rows("SHOW FRONTENDS")).hasSize(1);
        assertThat(rows("SHOW WARNINGS")).isEmpty();
        assertThat(rows("SHOW GRANTS")).hasSize(1);
        assertThat(rows("SHOW CHARSET")).isNotEmpty();
    }
}
