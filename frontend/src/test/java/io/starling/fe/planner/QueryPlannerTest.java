package io.starling.fe.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.SqlParserTest;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.TypeKindPb;
import io.starling.storage.types.DataType;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class QueryPlannerTest
{
    /** 2024-01-02 03:04:05 UTC. */
    private static final long START_MILLIS = 1704164645000L;

    private final QueryPlanner planner = new QueryPlanner();
    private final Session session = new Session(7, "root", "10.0.0.1", new SessionVariables());

    private PlannerContext ctx(String db)
    {
        return new PlannerContext(new TestCatalog(), TestCatalog.SYSTEM, db, session, START_MILLIS, ZoneOffset.UTC);
    }

    private PlannedQuery plan(String sql) throws SqlError
    {
        return plan(sql, "tpch");
    }

    private PlannedQuery plan(String sql, String db) throws SqlError
    {
        StarRocksParser.QueryStatementContext q = SqlParser.parseSingle(sql).statement().queryStatement();
        return planner.plan(q, ctx(db));
    }

    static Stream<String> tpch()
    {
        return SqlParserTest.benchmarkQueries().filter(n -> n.contains("tpch"));
    }

    @ParameterizedTest
    @MethodSource("tpch")
    void plansTpchQuery(String name) throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource(name));
        assertThat(q.columns()).isNotEmpty();
        assertThat(q.explain()).contains("OlapScanNode");
    }

    @Test
    void q1Shape() throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q01.sql"));
        System.out.println(q.explain());
        assertThat(q.columns()).extracting(ResultColumn::name).containsExactly("l_returnflag", "l_linestatus",
                "sum_qty", "sum_base_price", "sum_disc_price", "sum_charge", "avg_qty", "avg_price", "avg_disc",
                "count_order");
        assertThat(q.columns().get(2).type()).isEqualTo(DataType.decimal(38, 2));
        assertThat(q.columns().get(4).type()).isEqualTo(DataType.decimal(38, 4));
        assertThat(q.columns().get(6).type()).isEqualTo(DataType.decimal(38, 6));
        assertThat(q.columns().get(9).type()).isEqualTo(DataType.BIGINT);
        assertThat(q.root().hasSort()).isTrue();
        String explain = q.explain();
        assertThat(explain).contains("AggregateNode").contains("OlapScanNode table=tpch.lineitem");
        // l_shipdate <= 1998-09-02 folded to a literal and pushed into the scan; no partition is excluded by it.
        assertThat(explain).contains("le(l_shipdate, " + java.time.LocalDate.of(1998, 9, 2).toEpochDay() + ")");
    }

    @Test
    void q6PrunesPartitionsAndPushesConjuncts() throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q06.sql"));
        System.out.println(q.explain());
        PlanNode scan = find(q.root(), PlanNode.NodeCase.OLAP_SCAN);
        // only the 1994 partition (2 tablets) can hold l_shipdate in [1994-01-01, 1995-01-01)
        assertThat(scan.getOlapScan().getTabletsCount()).isEqualTo(2);
        assertThat(scan.getOlapScan().getConjunctsCount()).isGreaterThanOrEqualTo(3);
        assertThat(scan.getOlapScan().getColumnsList()).extracting(c -> c.getName())
                .containsExactlyInAnyOrder("l_quantity", "l_extendedprice", "l_discount", "l_shipdate");
        assertThat(q.columns().get(0).type()).isEqualTo(DataType.decimal(38, 4));
    }

    @Test
    void aggregateStraightOverAScanReadsOnlyItsColumns() throws SqlError
    {
        // EXISTS decorrelates to a DISTINCT l_orderkey straight over the lineitem scan: read 3 columns, not 16
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q04.sql"));
        System.out.println(q.explain());
        assertThat(q.explain()).containsPattern("OlapScanNode table=tpch.lineitem columns=\\[l_orderkey, l_commitdate, l_receiptdate\\]");
    }

    @Test
    void rightOuterJoinIsPlannedAsASwappedLeftOuterJoin() throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q22.sql"));
        System.out.println(q.explain());
        assertThat(q.explain()).contains("JOIN_LEFT_OUTER").doesNotContain("JOIN_RIGHT_OUTER");
        assertThat(q.explain()).containsPattern("OlapScanNode table=tpch.orders columns=\\[o_custkey\\]");
    }

    @Test
    void q3JoinsAndTopN() throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q03.sql"));
        System.out.println(q.explain());
        assertThat(q.explain()).contains("HashJoinNode type=JOIN_INNER");
        assertThat(q.explain()).doesNotContain("JOIN_CROSS");
        PlanNode sort = find(q.root(), PlanNode.NodeCase.SORT);
        assertThat(sort.getSort().getLimit()).isEqualTo(10);
        assertThat(q.columns()).extracting(ResultColumn::name)
                .containsExactly("l_orderkey", "revenue", "o_orderdate", "o_shippriority");
    }

    @Test
    void q19OrBranchesShareTheJoinKeyAndPushPerTablePredicates() throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q19.sql"));
        String explain = q.explain();
        System.out.println(explain);
        assertThat(explain).doesNotContain("JOIN_CROSS").contains("HashJoinNode type=JOIN_INNER");
        PlanNode join = find(q.root(), PlanNode.NodeCase.HASH_JOIN);
        assertThat(join.getHashJoin().getLeftKeysCount()).isEqualTo(1);
        // each scan got the OR of its own branch predicates (brands on part, quantities on lineitem)
        assertThat(explain).containsPattern("OlapScanNode table=tpch.part[^\\n]*\\n?.*Brand#12");
    }

    @Test
    void q5JoinsTheFactTableFirstNotCustomerToSupplierOnNation() throws SqlError
    {
        PlannedQuery q = plan(SqlParserTest.resource("queries/tpch/q05.sql"));
        String explain = q.explain();
        System.out.println(explain);
        // c_nationkey = s_nationkey is a many-to-many join: it may only be applied once lineitem links the two
        assertThat(explain).doesNotContain("keys=[c_nationkey] right keys=[s_nationkey]")
                .doesNotContain("keys=[s_nationkey] right keys=[c_nationkey]")
                .doesNotContain("JOIN_CROSS");
    }

    @Test
    void selectWithoutFromAndSessionValues() throws SqlError
    {
        session.variables().set("version_comment", "Starling");
        PlannedQuery q = plan("select @@version_comment, 1, count(*), database(), user(), connection_id(), "
                + "now(), 'x' as y", "");
        assertThat(q.columns()).extracting(ResultColumn::name).containsExactly("@@version_comment", "1", "count(*)",
                "database()", "user()", "connection_id()", "now()", "y");
        assertThat(q.columns().get(0).type().kind().isString()).isTrue();
        assertThat(q.columns().get(3).type().kind().isString()).isTrue();
    }

    @Test
    void labelsAndOrigins() throws SqlError
    {
        PlannedQuery q = plan("select n_name, N.n_regionkey as r, n_nationkey + 1 from nation N limit 5");
        assertThat(q.columns()).extracting(ResultColumn::name).containsExactly("n_name", "r", "n_nationkey + 1");
        assertThat(q.columns().get(0).orgName()).isEqualTo("n_name");
        assertThat(q.columns().get(0).schema()).isEqualTo("tpch");
        assertThat(q.columns().get(2).orgName()).isEmpty();
        assertThat(q.root().hasLimit() || q.root().hasSort()).isTrue();
        PlannedQuery star = plan("select *, 1 from region");
        assertThat(star.columns()).extracting(ResultColumn::name)
                .containsExactly("r_regionkey", "r_name", "r_comment", "1");
    }

    @Test
    void informationSchemaIsValues() throws SqlError
    {
        PlannedQuery q = plan("select schema_name from INFORMATION_SCHEMA.schemata where schema_name like 't%'", "");
        assertThat(q.explain()).contains("ValuesNode rows=2").doesNotContain("OlapScanNode");
    }

    @Test
    void unionAndSubqueries() throws SqlError
    {
        assertThat(plan("select n_name from nation union all select r_name from region").explain())
                .contains("UnionNode");
        assertThat(plan("select n_name from nation union select r_name from region").explain())
                .contains("UnionNode").contains("AggregateNode");
        assertThat(plan("select * from nation where n_regionkey in (select r_regionkey from region)").explain())
                .contains("HashJoinNode");
        assertThat(plan("select n_name from nation left join region on n_regionkey = r_regionkey").explain())
                .contains("JOIN_LEFT_OUTER");
        assertThat(plan("select count(distinct n_regionkey), sum(n_nationkey) from nation").explain())
                .contains("count(DISTINCT");
    }

    @Test
    void errors()
    {
        assertCode("select * from nosuch", 1146, "Table 'tpch.nosuch' doesn't exist");
        assertCodeInDb("select * from nation", "", 1046);
        assertCode("select * from nodb.t", 1049, "Unknown database 'nodb'");
        assertCode("select nosuch from nation", 1054, "Unknown column 'nosuch' in 'field list'");
        assertCode("select n_name from nation, nation n2", 1052, null);
        assertCode("select @@nosuch_var", 1193, "Unknown system variable 'nosuch_var'");
        // still unsupported, with a clear 1235 naming the construct (window functions and ROLLUP now plan)
        assertCode("select n_name, count(*) over (order by n_regionkey range between 1 preceding and current row) "
                + "from nation", 1235, null);
        assertCode("select n_name, count(distinct n_regionkey) over () from nation", 1235, null);
    }

    private void assertCode(String sql, int code, String message)
    {
        assertCodeInDb(sql, "tpch", code);
        if (message != null) {
            assertThatThrownBy(() -> plan(sql)).hasMessage(message);
        }
    }

    private void assertCodeInDb(String sql, String db, int code)
    {
        assertThatThrownBy(() -> plan(sql, db)).isInstanceOf(SqlError.class)
                .satisfies(e -> assertThat(((SqlError) e).code()).as(e.getMessage()).isEqualTo(code));
    }

    static PlanNode find(PlanNode n, PlanNode.NodeCase kind)
    {
        if (n.getNodeCase() == kind) {
            return n;
        }
        for (Object v : n.getAllFields().values()) {
            if (v instanceof com.google.protobuf.Message m) {
                for (Object f : m.getAllFields().values()) {
                    PlanNode r = null;
                    if (f instanceof PlanNode child) {
                        r = find(child, kind);
                    }
                    else if (f instanceof java.util.List<?> list) {
                        for (Object o : list) {
                            if (o instanceof PlanNode c && r == null) {
                                r = find(c, kind);
                            }
                        }
                    }
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    static boolean isVarchar(io.starling.rpc.proto.TypeDesc t)
    {
        return t.getKind() == TypeKindPb.TYPE_VARCHAR;
    }
}
