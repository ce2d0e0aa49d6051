package io.starling.exec.expr;

import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueFormatterTest extends ExprTestSupport
{
    @Test
    void doublesPrintShortestRoundTrip()
    {
        assertThat(ValueFormatter.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(ValueFormatter.formatDouble(3.0)).isEqualTo("3");
        assertThat(ValueFormatter.formatDouble(-2.5)).isEqualTo("-2.5");
        assertThat(ValueFormatter.formatDouble(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(ValueFormatter.formatDouble(1e100)).isEqualTo("1e+100");
        assertThat(ValueFormatter.formatDouble(1e15)).isEqualTo("1000000000000000");
        assertThat(ValueFormatter.formatDouble(1e16)).isEqualTo("1e+16");
        assertThat(ValueFormatter.formatDouble(123456789.125)).isEqualTo("123456789.125");
        assertThat(ValueFormatter.formatDouble(0.0001)).isEqualTo("0.0001");
        assertThat(ValueFormatter.formatDouble(0.00001)).isEqualTo("1e-05");
        assertThat(ValueFormatter.formatDouble(-1.5e-7)).isEqualTo("-1.5e-07");
        assertThat(ValueFormatter.formatDouble(0.0)).isEqualTo("0");
        assertThat(ValueFormatter.formatDouble(Double.NaN)).isEqualTo("nan");
        assertThat(ValueFormatter.formatDouble(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(ValueFormatter.formatFloat(0.1f)).isEqualTo("0.1");
        assertThat(ValueFormatter.formatFloat(16777216f)).isEqualTo("16777216");
    }

    @Test
    void otherTypes()
    {
        assertThat(ValueFormatter.formatValue(1230L, DataType.decimal(10, 2))).isEqualTo("12.30");
        assertThat(ValueFormatter.formatValue(-5L, DataType.decimal(10, 2))).isEqualTo("-0.05");
        assertThat(ValueFormatter.formatValue(7L, DataType.decimal(10, 0))).isEqualTo("7");
        assertThat(ValueFormatter.formatValue(BigInteger.TEN.pow(37).negate(), DataType.decimal(38, 38)))
                .isEqualTo("-0.10000000000000000000000000000000000000");
        assertThat(ValueFormatter.formatValue(true, DataType.BOOLEAN)).isEqualTo("1");
        assertThat(ValueFormatter.formatValue(BigInteger.TWO.pow(127).negate(), DataType.LARGEINT))
                .isEqualTo("-170141183460469231731687303715884105728");
        assertThat(ValueFormatter.formatValue(-1L, DataType.DATE)).isEqualTo("1969-12-31");
        assertThat(ValueFormatter.formatValue(-1L, DataType.DATETIME)).isEqualTo("1969-12-31 23:59:59.999999");
        assertThat(ValueFormatter.formatValue(86_400_000_000L, DataType.DATETIME)).isEqualTo("1970-01-02 00:00:00");
        assertThat(ValueFormatter.formatValue(null, DataType.INT)).isNull();
    }

    @Test
    void formatsVectorRows()
    {
        var b = column(DataType.decimal(15, 2), 1230L, null);
        assertThat(ValueFormatter.format(b.column(0), 0)).isEqualTo("12.30");
        assertThat(ValueFormatter.format(b.column(0), 1)).isNull();
    }

    @Test
    void parserIsStrict()
    {
        assertThat(ValueParser.parse(" 12.345 ", DataType.decimal(5, 2))).isEqualTo(1235L);
        assertThat(ValueParser.parse("2000-02-29 23:59:59.123456", DataType.DATETIME))
                .isEqualTo(ValueParser.parse("2000-03-01", DataType.DATETIME) instanceof Long l ? l - 876_544L : null);
        assertThat(ValueParser.parse("FALSE", DataType.BOOLEAN)).isEqualTo(false);
        assertThat(ValueParser.parse("abc", DataType.varchar(3))).isEqualTo("abc");
        assertThat(ValueParser.parseOrNull("x", DataType.INT)).isNull();
        assertThatThrownBy(() -> ValueParser.parse("abcd", DataType.varchar(3)))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("abcd").hasMessageContaining("VARCHAR(3)");
        assertThatThrownBy(() -> ValueParser.parse("2023-13-01", DataType.DATE))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("2023-13-01").hasMessageContaining("DATE");
        assertThatThrownBy(() -> ValueParser.parse("128", DataType.TINYINT)).hasMessageContaining("TINYINT");
    }
}
