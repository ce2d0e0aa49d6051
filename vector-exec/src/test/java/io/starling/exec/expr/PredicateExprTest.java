package io.starling.exec.expr;

import io.starling.exec.expr.CompareExpr.Op;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AND/OR/NOT, IS NULL, IN, BETWEEN and LIKE. */
class PredicateExprTest extends ExprTestSupport
{
    private static final DataType B = DataType.BOOLEAN;

    private ColumnBatch truthTable()
    {
        // all 9 combinations of TRUE/FALSE/NULL
        List<Boolean> a = Arrays.asList(true, true, true, false, false, false, null, null, null);
        List<Boolean> b = Arrays.asList(true, false, null, true, false, null, true, false, null);
        return batch(List.of(B, B), a, b);
    }

    @Test
    void andOrNotThreeValued()
    {
        ColumnBatch t = truthTable();
        assertThat(eval(new AndExpr(col(0, B), col(1, B)), t))
                .containsExactly(true, false, null, false, false, false, null, false, null);
        assertThat(eval(new OrExpr(col(0, B), col(1, B)), t))
                .containsExactly(true, true, true, true, false, null, true, null, null);
        assertThat(eval(new NotExpr(col(0, B)), t))
                .containsExactly(false, false, false, true, true, true, null, null, null);
        assertThat(eval(new AndExpr(col(0, B), Literal.nullOf(B)), t))
                .containsExactly(null, null, null, false, false, false, null, null, null);
        assertThat(eval(OrExpr.of(List.of(col(0, B), col(1, B), Literal.ofBoolean(true))), t))
                .containsOnly(true);
    }

    @Test
    void logicRejectsNonBoolean()
    {
        assertThatThrownBy(() -> new AndExpr(i64(1), Literal.ofBoolean(true))).isInstanceOf(ExpressionException.class);
    }

    @Test
    void isNullAndIsNotNull()
    {
        ColumnBatch b = column(DataType.STRING, "a", null, "");
        assertThat(eval(new IsNullExpr(col(0, DataType.STRING), false), b)).containsExactly(false, true, false);
        assertThat(eval(new IsNullExpr(col(0, DataType.STRING), true), b)).containsExactly(true, false, true);
        ColumnBatch noNulls = column(DataType.INT, 1L, 2L);
        assertThat(eval(new IsNullExpr(col(0, DataType.INT), false), noNulls)).containsExactly(false, false);
        assertThat(eval(new IsNullExpr(Literal.nullOf(DataType.INT), false), noNulls)).containsExactly(true, true);
    }

    @Test
    void inListWithNullSemantics()
    {
        ColumnBatch b = column(DataType.INT, 1L, 2L, 3L, null);
        Expression c = col(0, DataType.INT);
        List<Literal> list = List.of(i64(1), i64(3), lit(DataType.DOUBLE, 2.5));
        assertThat(eval(new InExpr(c, list, false), b)).containsExactly(true, false, true, null);
        assertThat(eval(new InExpr(c, list, true), b)).containsExactly(false, true, false, null);
        List<Literal> withNull = List.of(i64(1), Literal.nullOf(DataType.INT));
        assertThat(eval(new InExpr(c, withNull, false), b)).containsExactly(true, null, null, null);
        assertThat(eval(new InExpr(c, withNull, true), b)).containsExactly(false, null, null, null);
    }

    @Test
    void inListStringsDecimalsDates()
    {
        ColumnBatch s = column(DataType.varchar(10), "MED BOX", "SM CASE", "é");
        assertThat(eval(new InExpr(col(0, DataType.varchar(10)), List.of(str("SM CASE"), str("é")), false), s))
                .containsExactly(false, true, true);
        DataType d = DataType.decimal(10, 2);
        ColumnBatch ds = column(d, 150L, 100L);
        assertThat(eval(new InExpr(col(0, d), List.of(dec("1.5", 3, 1), i64(7)), false), ds)).containsExactly(true, false);
        ColumnBatch dates = column(DataType.DATE, ValueParser.parse("2000-02-29", DataType.DATE));
        assertThat(eval(new InExpr(col(0, DataType.DATE), List.of(date("2000-02-29")), false), dates)).containsExactly(true);
        ColumnBatch dbl = column(DataType.DOUBLE, 0.5, 1.0);
        assertThat(eval(new InExpr(col(0, DataType.DOUBLE), List.of(Literal.ofDouble(1.0)), false), dbl)).containsExactly(false, true);
    }

    @Test
    void betweenAndNotBetween()
    {
        ColumnBatch b = column(DataType.BIGINT, 1L, 5L, 10L, null);
        Expression c = col(0, DataType.BIGINT);
        assertThat(eval(new BetweenExpr(c, i64(5), i64(10), false), b)).containsExactly(false, true, true, null);
        assertThat(eval(new BetweenExpr(c, i64(5), i64(10), true), b)).containsExactly(true, false, false, null);
        assertThat(eval(new BetweenExpr(c, i64(5), Literal.nullOf(DataType.BIGINT), false), b))
                .containsExactly(false, null, null, null);
    }

    @Test
    void likePatterns()
    {
        ColumnBatch b = column(DataType.STRING, "PROMO BRUSHED", "STANDARD", "forest green", "a_b", "日本語テキスト", "", null);
        Expression c = col(0, DataType.STRING);
        assertThat(eval(new LikeExpr(c, str("PROMO%"), false), b)).containsExactly(true, false, false, false, false, false, null);
        assertThat(eval(new LikeExpr(c, str("%green"), false), b)).containsExactly(false, false, true, false, false, false, null);
        assertThat(eval(new LikeExpr(c, str("%AND%"), false), b)).containsExactly(false, true, false, false, false, false, null);
        assertThat(eval(new LikeExpr(c, str("STANDARD"), false), b)).containsExactly(false, true, false, false, false, false, null);
        assertThat(eval(new LikeExpr(c, str("%"), false), b)).containsExactly(true, true, true, true, true, true, null);
        assertThat(eval(new LikeExpr(c, str(""), false), b)).containsExactly(false, false, false, false, false, true, null);
        assertThat(eval(new LikeExpr(c, str("a\\_b"), false), b)).containsExactly(false, false, false, true, false, false, null);
        assertThat(eval(new LikeExpr(c, str("a_b"), false), b)).containsExactly(false, false, false, true, false, false, null);
        assertThat(eval(new LikeExpr(c, str("日_語%"), false), b)).containsExactly(false, false, false, false, true, false, null);
        assertThat(eval(new LikeExpr(c, str("P%O%D"), false), b)).containsExactly(true, false, false, false, false, false, null);
        assertThat(eval(new LikeExpr(c, str("%e%e%"), true), b)).containsExactly(true, true, false, true, true, true, null);
        assertThat(eval(new LikeExpr(c, str("f_r%"), false), b)).containsExactly(false, false, true, false, false, false, null);
        assertThat(eval(new LikeExpr(c, str("a!%"), '!', false), column(DataType.STRING, "a%", "ab")))
                .containsExactly(true, false);
    }

    @Test
    void likeWithColumnPatternAndSelection()
    {
        ColumnBatch b = batch(List.of(DataType.STRING, DataType.STRING),
                List.of("abc", "abc", "xyz"), Arrays.asList("a%", "b%", null));
        assertThat(eval(new LikeExpr(col(0, DataType.STRING), col(1, DataType.STRING), false), b))
                .containsExactly(true, false, null);
        select(b, 1);
        assertThat(eval(new LikeExpr(col(0, DataType.STRING), col(1, DataType.STRING), false), b)).containsExactly(false);
    }

    @Test
    void compareInsideLogicWithSelection()
    {
        ColumnBatch b = column(DataType.BIGINT, 1L, 2L, 3L, 4L, 5L);
        select(b, 0, 2, 4);
        Expression e = new AndExpr(new CompareExpr(Op.GT, col(0, DataType.BIGINT), i64(1)),
                new CompareExpr(Op.LT, col(0, DataType.BIGINT), i64(5)));
        assertThat(eval(e, b)).containsExactly(false, true, false);
    }
}
