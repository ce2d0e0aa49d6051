package io.starling.fe.planner;

import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Which joins get runtime filters and where they land, seen through EXPLAIN (TPC-H schema of {@link TestCatalog}). */
class RuntimeFilterPlannerTest
{
    private final QueryPlanner planner = new QueryPlanner();
    private final Session session = new Session(7, "root", "10.0.0.1", new SessionVariables());

    private String explain(String sql) throws SqlError
    {
        StarRocksParser.QueryStatementContext q = SqlParser.parseSingle(sql).statement().queryStatement();
        PlannedQuery p = planner.plan(q, new PlannerContext(new TestCatalog(), TestCatalog.SYSTEM, "tpch", session,
                1704164645000L, ZoneOffset.UTC));
        return p.explain();
    }

    @Test
    void innerJoinFiltersTheProbeScan() throws SqlError
    {
        String e = explain("select count(*) from lineitem join orders on l_orderkey = o_orderkey where o_orderdate < date '1995-01-01'");
        System.out.println(e);
        assertThat(e).contains("build runtime filters:").contains("probe runtime filters:")
                .containsPattern("filter_id = 0, build_expr = \\(o_orderkey\\), target = tpch.lineitem.l_orderkey")
                .contains("probe_expr = (l_orderkey)");
    }

    @Test
    void leftOuterAndAntiJoinsPublishNothing() throws SqlError
    {
        assertThat(explain("select count(*) from orders left join customer on o_custkey = c_custkey"))
                .doesNotContain("runtime filters");
        assertThat(explain("select count(*) from orders where not exists (select 1 from customer where c_custkey = o_custkey)"))
                .doesNotContain("runtime filters");
    }

    @Test
    void semiJoinFilters() throws SqlError
    {
        assertThat(explain("select count(*) from orders where o_custkey in (select c_custkey from customer where c_acctbal > 0)"))
                .contains("build runtime filters:");
    }

    @Test
    void switchedOffBySessionVariable() throws SqlError
    {
        session.variables().set("enable_global_runtime_filter", "false");
        assertThat(explain("select count(*) from lineitem join orders on l_orderkey = o_orderkey"))
                .doesNotContain("runtime filters");
    }

    @Test
    void nullableSideOfOuterJoinIsNotATarget()
    {
        // probe column 1 of a RIGHT OUTER join's left (nullable) input: no origin
        var scan = io.starling.rpc.proto.PlanNode.newBuilder().setId(1).setOlapScan(io.starling.rpc.proto.OlapScanNode
                .newBuilder().addColumns(io.starling.rpc.proto.ScanColumn.newBuilder().setName("a"))).addOutputTypes(
                io.starling.rpc.proto.TypeDesc.getDefaultInstance()).build();
        var join = io.starling.rpc.proto.PlanNode.newBuilder().setId(3).setHashJoin(io.starling.rpc.proto.HashJoinNode
                .newBuilder().setLeft(scan).setRight(scan.toBuilder().setId(2))
                .setJoinType(io.starling.rpc.proto.JoinType.JOIN_RIGHT_OUTER)).build();
        assertThat(RuntimeFilterPlanner.trace(join, 0)).isNull();
        var inner = join.toBuilder().setHashJoin(join.getHashJoin().toBuilder()
                .setJoinType(io.starling.rpc.proto.JoinType.JOIN_INNER)).build();
        assertThat(RuntimeFilterPlanner.trace(inner, 1)).isNotNull();
    }
}
