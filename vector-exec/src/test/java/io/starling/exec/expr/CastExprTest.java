package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CastExprTest extends ExprTestSupport
{
    private String cast(Literal l, DataType to)
    {
        return evalConst(new CastExpr(l, to, false));
    }

    @Test
    void stringToNumbersTrimsAndInvalidIsNull()
    {
        assertThat(cast(str(" 42 "), DataType.INT)).isEqualTo("42");
        assertThat(cast(str("-7"), DataType.TINYINT)).isEqualTo("-7");
        assertThat(cast(str("300"), DataType.TINYINT)).isNull();
        assertThat(cast(str("12abc"), DataType.BIGINT)).isNull();
        assertThat(cast(str("1.5"), DataType.INT)).isNull();
        assertThat(cast(str("170141183460469231731687303715884105727"), DataType.LARGEINT))
                .isEqualTo("170141183460469231731687303715884105727");
        assertThat(cast(str("170141183460469231731687303715884105728"), DataType.LARGEINT)).isNull();
        assertThat(cast(str(" 2.5e3"), DataType.DOUBLE)).isEqualTo("2500");
        assertThat(cast(str("NaN"), DataType.DOUBLE)).isNull();
        assertThat(cast(str("1d"), DataType.DOUBLE)).isNull();
        assertThat(cast(str("0.125"), DataType.decimal(5, 2))).isEqualTo("0.13");
        assertThat(cast(str("-0.125"), DataType.decimal(5, 2))).isEqualTo("-0.13");
        assertThat(cast(str("1000"), DataType.decimal(5, 2))).isNull();
        assertThat(cast(str("true"), DataType.BOOLEAN)).isEqualTo("1");
        assertThat(cast(str("0"), DataType.BOOLEAN)).isEqualTo("0");
        assertThat(cast(str("yes"), DataType.BOOLEAN)).isNull();
    }

    @Test
    void strictCastThrowsNamingValueAndType()
    {
        assertThatThrownBy(() -> evalConst(new CastExpr(str("abc"), DataType.INT, true)))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("'abc'").hasMessageContaining("INT");
        ColumnBatch b = column(DataType.decimal(10, 2), 123456L);
        assertThatThrownBy(() -> eval(new CastExpr(col(0, DataType.decimal(10, 2)), DataType.decimal(4, 2), true), b))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("1234.56").hasMessageContaining("DECIMAL(4,2)");
        assertThat(evalText(new CastExpr(col(0, DataType.decimal(10, 2)), DataType.decimal(4, 2), false), b))
                .containsExactly((String) null);
    }

    @Test
    void numericConversions()
    {
        assertThat(cast(Literal.ofDouble(2.7), DataType.INT)).isEqualTo("2");
        assertThat(cast(Literal.ofDouble(-2.7), DataType.BIGINT)).isEqualTo("-2");
        assertThat(cast(Literal.ofDouble(1e30), DataType.BIGINT)).isNull();
        assertThat(cast(Literal.ofDouble(2.675), DataType.decimal(5, 2))).isEqualTo("2.68");
        assertThat(cast(dec("-12.345", 10, 3), DataType.decimal(10, 2))).isEqualTo("-12.35");
        assertThat(cast(dec("12.345", 10, 3), DataType.decimal(38, 10))).isEqualTo("12.3450000000");
        assertThat(cast(dec("-12.999", 10, 3), DataType.INT)).isEqualTo("-12");
        assertThat(cast(dec("0.1", 10, 1), DataType.DOUBLE)).isEqualTo("0.1");
        assertThat(cast(i64(70000), DataType.SMALLINT)).isNull();
        assertThat(cast(i64(5), DataType.BOOLEAN)).isEqualTo("1");
        assertThat(cast(Literal.ofBoolean(true), DataType.INT)).isEqualTo("1");
        assertThat(cast(i64(-1), DataType.LARGEINT)).isEqualTo("-1");
        assertThat(cast(lit(DataType.LARGEINT, BigInteger.TWO.pow(100)), DataType.DOUBLE)).isEqualTo("1.2676506002282294e+30");
    }

    @Test
    void temporalConversions()
    {
        assertThat(cast(str("2024-02-29"), DataType.DATE)).isEqualTo("2024-02-29");
        assertThat(cast(str("20240229"), DataType.DATE)).isEqualTo("2024-02-29");
        assertThat(cast(str("2023-02-29"), DataType.DATE)).isNull();
        assertThat(cast(str("2024-02-29 13:04:05"), DataType.DATE)).isEqualTo("2024-02-29");
        assertThat(cast(str("1969-07-20 20:17:40.5"), DataType.DATETIME)).isEqualTo("1969-07-20 20:17:40.500000");
        assertThat(cast(str("2024-01-01"), DataType.DATETIME)).isEqualTo("2024-01-01 00:00:00");
        assertThat(cast(date("1900-03-01"), DataType.DATETIME)).isEqualTo("1900-03-01 00:00:00");
        assertThat(cast(datetime("1969-12-31 23:59:59"), DataType.DATE)).isEqualTo("1969-12-31");
        assertThat(cast(date("2024-02-29"), DataType.BIGINT)).isEqualTo("20240229");
        assertThat(cast(datetime("2024-02-29 01:02:03"), DataType.BIGINT)).isEqualTo("20240229010203");
        assertThat(cast(i64(20240229), DataType.DATE)).isEqualTo("2024-02-29");
        assertThat(cast(date("0001-01-01"), DataType.STRING)).isEqualTo("0001-01-01");
        assertThat(cast(datetime("2024-02-29 01:02:03"), DataType.STRING)).isEqualTo("2024-02-29 01:02:03");
    }

    @Test
    void toStringFormatsLikeMysql()
    {
        assertThat(cast(dec("-0.05", 5, 2), DataType.STRING)).isEqualTo("-0.05");
        assertThat(cast(Literal.ofDouble(3.0), DataType.STRING)).isEqualTo("3");
        assertThat(cast(Literal.ofBoolean(false), DataType.STRING)).isEqualTo("0");
    }

    @Test
    void columnFastPathsWithNullsAndSelection()
    {
        ColumnBatch b = column(DataType.INT, 1L, null, -3L, 4L);
        select(b, 0, 1, 2);
        assertThat(eval(new CastExpr(col(0, DataType.INT), DataType.BIGINT, false), b)).containsExactly(1L, null, -3L);
        assertThat(eval(new CastExpr(col(0, DataType.INT), DataType.DOUBLE, false), b)).containsExactly(1.0, null, -3.0);
        assertThat(evalText(new CastExpr(col(0, DataType.INT), DataType.decimal(9, 3), false), b))
                .containsExactly("1.000", null, "-3.000");
        assertThat(eval(new CastExpr(col(0, DataType.INT), DataType.STRING, false), b)).containsExactly("1", null, "-3");
        assertThat(eval(new CastExpr(col(0, DataType.INT), DataType.TINYINT, false), b)).containsExactly(1L, null, -3L);
    }

    @Test
    void stringColumnToDateWithSelectionAndEmptyBatch()
    {
        ColumnBatch b = column(DataType.STRING, "2020-01-01", "bad", "1999-12-31");
        select(b, 1, 2);
        assertThat(evalText(new CastExpr(col(0, DataType.STRING), DataType.DATE, false), b)).containsExactly(null, "1999-12-31");
        ColumnBatch empty = batch(List.of(DataType.STRING), List.of());
        assertThat(eval(new CastExpr(col(0, DataType.STRING), DataType.INT, true), empty)).isEmpty();
    }
}
