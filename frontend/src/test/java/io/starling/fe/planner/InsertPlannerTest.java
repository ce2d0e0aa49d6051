package io.starling.fe.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.fe.catalog.OlapTable;
import io.starling.fe.parser.SqlParser;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.PlanNode;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InsertPlannerTest
{
    private final TestCatalog catalog = new TestCatalog();
    private final QueryPlanner planner = new QueryPlanner();
    private final PlannerContext ctx = new PlannerContext(catalog, TestCatalog.SYSTEM, "tpch",
            new Session(1, "root", "h", new SessionVariables()), 1704164645000L, ZoneOffset.UTC);

    private PlanNode plan(String sql) throws SqlError
    {
        var ins = SqlParser.parseSingle(sql).statement().insertStatement();
        OlapTable t = catalog.getTable("tpch", "t");
        return planner.planInsertSource(ins, t, ctx);
    }

    @Test
    void valuesInSchemaOrderWithDefaultsAndStrictCasts() throws SqlError
    {
        PlanNode n = plan("insert into t (b, a) values ('x', 1), (null, 2 + 3)");
        assertThat(n.getOutputNamesList()).containsExactly("a", "b", "c", "d");
        assertThat(n.getValues().getRowsCount()).isEqualTo(2);
        Expr a = n.getValues().getRows(0).getValues(0);
        assertThat(a.getCall().getName()).isEqualTo("cast");
        assertThat(a.getCall().getStrict()).isTrue();
        // c has DEFAULT '1.5': a strict cast of the default text
        assertThat(n.getValues().getRows(0).getValues(2).getCall().getArgs(0).getLiteral().getBytesValue()
                .toStringUtf8()).isEqualTo("1.5");
        assertThat(n.getValues().getRows(1).getValues(1).getLiteral().getIsNull()).isTrue();
        // 2 + 3 went through Calcite and was folded
        assertThat(n.getValues().getRows(1).getValues(0).toString()).contains("5");
    }

    @Test
    void selectSourceIsProjected() throws SqlError
    {
        PlanNode n = plan("insert into t (a) select n_nationkey from nation");
        assertThat(n.hasProject()).isTrue();
        assertThat(n.getProject().getExprsCount()).isEqualTo(4);
    }

    @Test
    void errors()
    {
        assertThatThrownBy(() -> plan("insert into t values (1, 'x')"))
                .satisfies(e -> assertThat(((SqlError) e).code()).isEqualTo(1136));
        assertThatThrownBy(() -> plan("insert into t (b) values ('x')"))
                .hasMessage("Field 'a' doesn't have a default value")
                .satisfies(e -> assertThat(((SqlError) e).code()).isEqualTo(1364));
        assertThatThrownBy(() -> plan("insert into t (zz) values (1)"))
                .hasMessage("Unknown column 'zz' in 'field list'");
    }
}
