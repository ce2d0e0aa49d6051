package io.starling.fe.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Plans that once gave wrong answers or failed: constant folding limited to what Calcite evaluates like StarRocks
 * ({@link SafeRexExecutor}), scalar subqueries without an aggregate (SINGLE_VALUE), subqueries nested in scalar
 * subqueries, LEFT/RIGHT SEMI/ANTI JOIN syntax, and NULL literal function arguments. The results themselves are
 * checked end to end by test/sql (functions, subquery, join).
 */
class PlannerCorrectnessTest
{
    private final QueryPlanner planner = new QueryPlanner();
    private final Session session = new Session(7, "root", "10.0.0.1", new SessionVariables());

    private String explain(String sql) throws SqlError
    {
        StarRocksParser.QueryStatementContext q = SqlParser.parseSingle(sql).statement().queryStatement();
        PlannerContext ctx = new PlannerContext(new TestCatalog(), TestCatalog.SYSTEM, "tpch", session,
                1704164645000L, ZoneOffset.UTC);
        String explain = planner.plan(q, ctx).explain();
        System.out.println(sql + "\n" + explain);
        return explain;
    }

    @Test
    void likeAndStringToDecimalCastAreLeftToTheEngine() throws SqlError
    {
        assertThat(explain("select 'a_b' like 'a\\_b'").toLowerCase()).contains("like");
        assertThat(explain("select cast('123.456' as decimal(5, 2))").toLowerCase()).contains("cast");
    }

    @Test
    void safeExpressionsAreStillFolded() throws SqlError
    {
        // folded, and the widened constant (StarRocks integer arithmetic) does not put a cast on the column
        String e = explain("select n_name from nation where n_nationkey > 1 + 2 * 3");
        assertThat(e).contains("gt(n_nationkey, 7)").doesNotContain("+").doesNotContain("cast(");
        e = explain("select l_orderkey from lineitem where l_shipdate <= date '1998-12-01' - interval '90' day");
        assertThat(e).contains(String.valueOf(java.time.LocalDate.of(1998, 9, 2).toEpochDay()));
    }

    @Test
    void scalarSubqueryWithoutAggregateUsesSingleValue() throws SqlError
    {
        assertThat(explain("select (select n_name from nation where n_nationkey = 9)")).contains("single_value");
        assertThat(explain("select r_name, (select n_name from nation where n_nationkey = r_regionkey) from region"))
                .contains("single_value");
    }

    @Test
    void subqueryNestedInAScalarSubquery() throws SqlError
    {
        assertThat(explain("select r_regionkey, (select max(n_nationkey) from nation where n_regionkey in "
                + "(select r_regionkey from region where r_regionkey <= 3)) from region where r_regionkey < 3"))
                .contains("HashJoinNode");
    }

    @Test
    void semiAndAntiJoinSyntax() throws SqlError
    {
        // a semi join decorrelates to an inner join with the distinct keys of the probed side
        assertThat(explain("select n_name from nation left semi join region on n_regionkey = r_regionkey"))
                .contains("HashJoinNode").doesNotContain("r_name");
        assertThat(explain("select n_name from nation left anti join region on n_regionkey = r_regionkey"))
                .contains("HashJoinNode");
        assertThat(explain("select n_name from region right semi join nation on n_regionkey = r_regionkey"))
                .contains("HashJoinNode");
        assertThat(explain("select n_name from region right anti join nation on n_regionkey = r_regionkey"))
                .contains("HashJoinNode");
    }

    @Test
    void nullLiteralFunctionArgument() throws SqlError
    {
        explain("select substr('hello', NULL)");
    }
}
