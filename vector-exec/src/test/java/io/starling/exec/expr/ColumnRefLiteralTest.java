package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ColumnRefLiteralTest extends ExprTestSupport
{
    @Test
    void columnRefCopiesValuesAndNulls()
    {
        ColumnBatch b = batch(List.of(DataType.STRING, DataType.decimal(30, 2)),
                Arrays.asList("x", null, "zz"), Arrays.asList(BigInteger.valueOf(-1), BigInteger.TEN, null));
        assertThat(eval(col(0, DataType.STRING), b)).containsExactly("x", null, "zz");
        assertThat(evalText(col(1, DataType.decimal(30, 2)), b)).containsExactly("-0.01", "0.10", null);
        select(b, 2);
        assertThat(eval(col(0, DataType.STRING), b)).containsExactly("zz");
    }

    @Test
    void literalsFillVectorsAndNormalizeValues()
    {
        ColumnBatch b = rows(3);
        assertThat(eval(str("abc"), b)).containsExactly("abc", "abc", "abc");
        assertThat(eval(Literal.nullOf(DataType.STRING), b)).containsExactly(null, null, null);
        assertThat(eval(lit(DataType.INT, 7), b)).containsExactly(7L, 7L, 7L);
        assertThat(evalText(lit(DataType.decimal(5, 2), new BigDecimal("1.255")), b)).containsOnly("1.26");
        assertThat(lit(DataType.decimal(20, 2), 5L).value()).isEqualTo(BigInteger.valueOf(5));
        assertThat(eval(str("x"), rows(0))).isEmpty();
        assertThatThrownBy(() -> lit(DataType.INT, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lit(DataType.decimal(3, 0), 1000L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dec("-0.05", 5, 2).toString()).isEqualTo("-0.05");
    }
}
