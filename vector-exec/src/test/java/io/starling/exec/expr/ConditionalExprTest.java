package io.starling.exec.expr;

import io.starling.exec.expr.CompareExpr.Op;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CASE, IF, COALESCE nodes. */
class ConditionalExprTest extends ExprTestSupport
{
    @Test
    void searchedCaseFirstTrueBranchWins()
    {
        ColumnBatch b = column(DataType.BIGINT, 1L, 5L, 10L, null);
        Expression c = col(0, DataType.BIGINT);
        Expression e = new CaseExpr(null,
                List.of(new CompareExpr(Op.LT, c, i64(3)), new CompareExpr(Op.LT, c, i64(8))),
                List.of(str("small"), str("medium")), str("large"), DataType.STRING);
        assertThat(eval(e, b)).containsExactly("small", "medium", "large", "large");
        Expression noElse = new CaseExpr(null, List.of(new CompareExpr(Op.LT, c, i64(3))), List.of(c), null, DataType.BIGINT);
        assertThat(eval(noElse, b)).containsExactly(1L, null, null, null);
    }

    @Test
    void simpleCaseNullOperandMatchesNothing()
    {
        ColumnBatch b = column(DataType.STRING, "a", "b", null, "c");
        Expression e = new CaseExpr(col(0, DataType.STRING), List.of(str("a"), str("b")),
                List.of(i64(1), i64(2)), i64(0), DataType.BIGINT);
        assertThat(eval(e, b)).containsExactly(1L, 2L, 0L, 0L);
    }

    @Test
    void caseStringResultWithSelectionKeepsOffsetsValid()
    {
        ColumnBatch b = batch(List.of(DataType.BIGINT, DataType.STRING), List.of(1L, 2L, 3L, 4L, 5L),
                Arrays.asList("one", "two", null, "four", "five"));
        select(b, 1, 2, 4);
        Expression e = new CaseExpr(null, List.of(new CompareExpr(Op.GE, col(0, DataType.BIGINT), i64(4))),
                List.of(col(1, DataType.STRING)), str("low"), DataType.STRING);
        assertThat(eval(e, b)).containsExactly("low", "low", "five");
    }

    @Test
    void caseConvertsBranchTypes()
    {
        ColumnBatch b = column(DataType.BOOLEAN, true, false);
        DataType d = DataType.decimal(10, 2);
        Expression e = new CaseExpr(null, List.of(col(0, DataType.BOOLEAN)), List.of(i64(1)), dec("2.5", 2, 1), d);
        assertThat(evalText(e, b)).containsExactly("1.00", "2.50");
    }

    @Test
    void ifTreatsNullConditionAsFalse()
    {
        ColumnBatch b = column(DataType.BOOLEAN, true, false, null);
        Expression e = new IfExpr(col(0, DataType.BOOLEAN), str("y"), str("n"), DataType.STRING);
        assertThat(eval(e, b)).containsExactly("y", "n", "n");
    }

    @Test
    void coalesceFirstNonNull()
    {
        ColumnBatch b = batch(List.of(DataType.INT, DataType.BIGINT), Arrays.asList(1L, null, null), Arrays.asList(10L, 20L, null));
        Expression e = new CoalesceExpr(List.of(col(0, DataType.INT), col(1, DataType.BIGINT), i64(-1)), DataType.BIGINT);
        assertThat(eval(e, b)).containsExactly(1L, 20L, -1L);
        Expression allNull = new CoalesceExpr(List.of(col(0, DataType.INT), Literal.nullOf(DataType.INT)), DataType.INT);
        assertThat(eval(allNull, b)).containsExactly(1L, null, null);
    }

    @Test
    void emptyBatch()
    {
        ColumnBatch b = batch(List.of(DataType.STRING), List.of());
        Expression e = new CoalesceExpr(List.of(col(0, DataType.STRING), str("x")), DataType.STRING);
        assertThat(eval(e, b)).isEmpty();
    }
}
