package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every built-in function the FE emits, through {@link FunctionCall}. */
class FunctionCallTest extends ExprTestSupport
{
    private static final DataType S = DataType.STRING;
    private static final DataType D = DataType.DOUBLE;
    private static final DataType BI = DataType.BIGINT;
    private static final DataType I = DataType.INT;

    private String call(String name, DataType ret, Expression... args)
    {
        return evalConst(new FunctionCall(name, List.of(args), ret));
    }

    @Test
    void mathFunctions()
    {
        assertThat(call("abs", BI, i64(-5))).isEqualTo("5");
        assertThat(call("abs", DataType.decimal(5, 2), dec("-1.25", 5, 2))).isEqualTo("1.25");
        assertThat(call("abs", D, Literal.ofDouble(-0.5))).isEqualTo("0.5");
        assertThat(call("ceil", BI, Literal.ofDouble(1.2))).isEqualTo("2");
        assertThat(call("ceiling", BI, Literal.ofDouble(-1.2))).isEqualTo("-1");
        assertThat(call("floor", BI, Literal.ofDouble(-1.2))).isEqualTo("-2");
        assertThat(call("floor", DataType.decimal(5, 0), dec("-1.25", 5, 2))).isEqualTo("-2");
        assertThat(call("round", BI, Literal.ofDouble(2.5))).isEqualTo("3");
        assertThat(call("round", BI, Literal.ofDouble(-2.5))).isEqualTo("-3");
        assertThat(call("round", D, Literal.ofDouble(1.005), i64(2))).isEqualTo("1.01");
        assertThat(call("round", DataType.decimal(10, 1), dec("-12.35", 10, 2), i64(1))).isEqualTo("-12.4");
        assertThat(call("round", BI, i64(1250), i64(-2))).isEqualTo("1300");
        assertThat(call("truncate", D, Literal.ofDouble(1.999), i64(2))).isEqualTo("1.99");
        assertThat(call("truncate", DataType.decimal(10, 1), dec("-12.39", 10, 2), i64(1))).isEqualTo("-12.3");
        assertThat(call("mod", BI, i64(-7), i64(3))).isEqualTo("-1");
        assertThat(call("mod", BI, i64(7), i64(0))).isNull();
        assertThat(call("mod", D, Literal.ofDouble(5.5), Literal.ofDouble(2))).isEqualTo("1.5");
        assertThat(call("pow", D, i64(2), i64(10))).isEqualTo("1024");
        assertThat(call("power", D, Literal.ofDouble(4), Literal.ofDouble(0.5))).isEqualTo("2");
        assertThat(call("sqrt", D, i64(16))).isEqualTo("4");
        assertThat(call("sqrt", D, i64(-1))).isNull();
        assertThat(call("ln", D, i64(1))).isEqualTo("0");
        assertThat(call("ln", D, i64(0))).isNull();
        assertThat(call("log10", D, i64(1000))).isEqualTo("3");
        assertThat(call("exp", D, i64(0))).isEqualTo("1");
        assertThat(call("sign", DataType.FLOAT, Literal.ofDouble(-3))).isEqualTo("-1");
        assertThat(call("sign", BI, i64(0))).isEqualTo("0");
        assertThat(call("pi", D)).isEqualTo("3.141592653589793");
        assertThat(call("greatest", BI, i64(1), lit(I, 5L), i64(3))).isEqualTo("5");
        assertThat(call("least", S, str("b"), str("a"), str("c"))).isEqualTo("a");
        assertThat(call("greatest", BI, i64(1), Literal.nullOf(BI))).isNull();
        assertThat(call("greatest", DataType.decimal(5, 2), dec("1.5", 2, 1), dec("1.25", 5, 2))).isEqualTo("1.50");
    }

    @Test
    void stringFunctions()
    {
        assertThat(call("concat", S, str("a"), str("b"), str("c"))).isEqualTo("abc");
        assertThat(call("concat", S, str("a"), Literal.nullOf(S))).isNull();
        assertThat(call("concat", S, str("n="), i64(5))).isEqualTo("n=5");
        assertThat(call("concat_ws", S, str(","), str("a"), Literal.nullOf(S), str("b"))).isEqualTo("a,b");
        assertThat(call("concat_ws", S, Literal.nullOf(S), str("a"))).isNull();
        assertThat(call("substr", S, str("héllo"), i64(2), i64(3))).isEqualTo("éll");
        assertThat(call("substring", S, str("hello"), i64(-3))).isEqualTo("llo");
        assertThat(call("substr", S, str("hello"), i64(0))).isEqualTo("");
        assertThat(call("substr", S, str("hello"), i64(9))).isEqualTo("");
        assertThat(call("substr", S, str("hello"), i64(2), i64(-1))).isEqualTo("");
        assertThat(call("upper", S, str("abc é"))).isEqualTo("ABC É");
        assertThat(call("lower", S, str("ABC"))).isEqualTo("abc");
        assertThat(call("length", I, str("héllo"))).isEqualTo("6");
        assertThat(call("char_length", I, str("héllo"))).isEqualTo("5");
        assertThat(call("trim", S, str("  a b  "))).isEqualTo("a b");
        assertThat(call("ltrim", S, str("  a "))).isEqualTo("a ");
        assertThat(call("rtrim", S, str("  a "))).isEqualTo("  a");
        assertThat(call("replace", S, str("aXbXc"), str("X"), str("--"))).isEqualTo("a--b--c");
        assertThat(call("replace", S, str("abc"), str(""), str("-"))).isEqualTo("abc");
        assertThat(call("lpad", S, str("hi"), i64(5), str("ab"))).isEqualTo("abahi");
        assertThat(call("rpad", S, str("hi"), i64(5), str("ab"))).isEqualTo("hiaba");
        assertThat(call("lpad", S, str("hello"), i64(2), str("x"))).isEqualTo("he");
        assertThat(call("starts_with", DataType.BOOLEAN, str("hello"), str("he"))).isEqualTo("1");
        assertThat(call("ends_with", DataType.BOOLEAN, str("hello"), str("he"))).isEqualTo("0");
        assertThat(call("split_part", S, str("a,b,c"), str(","), i64(2))).isEqualTo("b");
        assertThat(call("split_part", S, str("a,b,c"), str(","), i64(-1))).isEqualTo("c");
        assertThat(call("split_part", S, str("a,b,c"), str(","), i64(4))).isNull();
        assertThat(call("reverse", S, str("añb"))).isEqualTo("bña");
        assertThat(call("locate", I, str("b"), str("abcb"))).isEqualTo("2");
        assertThat(call("locate", I, str("b"), str("abcb"), i64(3))).isEqualTo("4");
        assertThat(call("locate", I, str("z"), str("abc"))).isEqualTo("0");
        assertThat(call("instr", I, str("ñabc"), str("b"))).isEqualTo("3");
    }

    @Test
    void dateFieldFunctions()
    {
        Literal dt = datetime("2024-02-29 13:14:15");
        assertThat(call("year", I, dt)).isEqualTo("2024");
        assertThat(call("month", I, dt)).isEqualTo("2");
        assertThat(call("day", I, dt)).isEqualTo("29");
        assertThat(call("dayofmonth", I, date("1969-12-31"))).isEqualTo("31");
        assertThat(call("quarter", I, dt)).isEqualTo("1");
        assertThat(call("hour", I, dt)).isEqualTo("13");
        assertThat(call("minute", I, dt)).isEqualTo("14");
        assertThat(call("second", I, dt)).isEqualTo("15");
        assertThat(call("dayofweek", I, dt)).isEqualTo("5");
        assertThat(call("dayofyear", I, date("2024-12-31"))).isEqualTo("366");
        assertThat(call("weekofyear", I, date("2021-01-03"))).isEqualTo("53");
        assertThat(call("year", I, str("1999-01-02"))).isEqualTo("1999");
        assertThat(call("year", I, str("junk"))).isNull();
        assertThat(call("to_date", DataType.DATE, dt)).isEqualTo("2024-02-29");
        assertThat(call("date", DataType.DATE, datetime("1969-12-31 23:00:00"))).isEqualTo("1969-12-31");
        assertThat(call("datediff", I, datetime("2024-03-01 00:00:01"), date("2024-02-28"))).isEqualTo("2");
        assertThat(call("datediff", I, date("1969-12-31"), date("1970-01-01"))).isEqualTo("-1");
    }

    @Test
    void dateArithmetic()
    {
        Literal d = date("2024-01-31");
        assertThat(call("date_add", DataType.DATE, d, i64(1), str("MONTH"))).isEqualTo("2024-02-29");
        assertThat(call("date_add", DataType.DATE, d, i64(1))).isEqualTo("2024-02-01");
        assertThat(call("adddate", DataType.DATETIME, d, i64(36), str("HOUR"))).isEqualTo("2024-02-01 12:00:00");
        assertThat(call("date_sub", DataType.DATE, d, i64(1), str("YEAR"))).isEqualTo("2023-01-31");
        assertThat(call("subdate", DataType.DATE, date("1970-01-01"), i64(1), str("DAY"))).isEqualTo("1969-12-31");
        assertThat(call("days_add", DataType.DATE, d, i64(30))).isEqualTo("2024-03-01");
        assertThat(call("days_sub", DataType.DATE, d, i64(31))).isEqualTo("2023-12-31");
        assertThat(call("months_add", DataType.DATE, d, i64(-2))).isEqualTo("2023-11-30");
        assertThat(call("years_add", DataType.DATE, date("2024-02-29"), i64(1))).isEqualTo("2025-02-28");
        assertThat(call("date_add", DataType.DATETIME, datetime("2024-01-01 00:00:00"), i64(90), str("SECOND")))
                .isEqualTo("2024-01-01 00:01:30");
        assertThat(call("date_add", DataType.DATETIME, datetime("2024-01-01 00:00:00"), i64(2), str("MINUTE")))
                .isEqualTo("2024-01-01 00:02:00");
        assertThat(call("date_add", DataType.DATE, d, i64(2), str("WEEK"))).isEqualTo("2024-02-14");
        assertThat(call("date_add", DataType.DATE, d, i64(1), str("QUARTER"))).isEqualTo("2024-04-30");
        assertThat(call("date_add", DataType.DATE, date("9999-12-31"), i64(1))).isNull();
        assertThatThrownBy(() -> call("date_add", DataType.DATE, d, i64(1), str("FORTNIGHT")))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("FORTNIGHT");
    }

    @Test
    void truncFormatParseAndClock()
    {
        Literal dt = datetime("2024-05-15 13:14:15.5");
        assertThat(call("date_trunc", DataType.DATETIME, str("month"), dt)).isEqualTo("2024-05-01 00:00:00");
        assertThat(call("date_trunc", DataType.DATETIME, str("hour"), dt)).isEqualTo("2024-05-15 13:00:00");
        assertThat(call("date_trunc", DataType.DATETIME, str("week"), dt)).isEqualTo("2024-05-13 00:00:00");
        assertThat(call("date_trunc", DataType.DATE, str("quarter"), dt)).isEqualTo("2024-04-01");
        assertThat(call("date_trunc", DataType.DATETIME, str("year"), dt)).isEqualTo("2024-01-01 00:00:00");
        assertThat(call("date_trunc", DataType.DATETIME, str("second"), dt)).isEqualTo("2024-05-15 13:14:15");
        assertThat(call("date_format", S, dt, str("%Y/%m/%d %H:%i"))).isEqualTo("2024/05/15 13:14");
        assertThat(call("str_to_date", DataType.DATETIME, str("15/05/2024 01:02"), str("%d/%m/%Y %H:%i")))
                .isEqualTo("2024-05-15 01:02:00");
        assertThat(call("str_to_date", DataType.DATE, str("2024-05-15"), str("%Y-%m-%d"))).isEqualTo("2024-05-15");
        assertThat(call("str_to_date", DataType.DATE, str("nope"), str("%Y-%m-%d"))).isNull();
        Literal start = datetime("2024-05-15 08:00:00");
        assertThat(call("now", DataType.DATETIME, start)).isEqualTo("2024-05-15 08:00:00");
        assertThat(call("current_timestamp", DataType.DATETIME, start)).isEqualTo("2024-05-15 08:00:00");
        assertThat(call("curdate", DataType.DATE, start)).isEqualTo("2024-05-15");
        assertThat(call("current_date", DataType.DATE, start)).isEqualTo("2024-05-15");
        assertThat(call("unix_timestamp", BI, datetime("1970-01-02 00:00:00"))).isEqualTo("86400");
        assertThat(call("from_unixtime", S, i64(86400))).isEqualTo("1970-01-02 00:00:00");
        assertThat(call("from_unixtime", S, i64(86400), str("%Y"))).isEqualTo("1970");
        assertThat(call("now", DataType.DATETIME)).isNotNull();
    }

    @Test
    void conditionalFunctions()
    {
        assertThat(call("ifnull", BI, Literal.nullOf(BI), i64(2))).isEqualTo("2");
        assertThat(call("ifnull", BI, i64(1), i64(2))).isEqualTo("1");
        assertThat(call("nullif", BI, i64(1), i64(1))).isNull();
        assertThat(call("nullif", BI, i64(1), i64(2))).isEqualTo("1");
        assertThat(call("if", S, Literal.ofBoolean(true), str("a"), str("b"))).isEqualTo("a");
        assertThat(call("if", S, Literal.nullOf(DataType.BOOLEAN), str("a"), str("b"))).isEqualTo("b");
        assertThat(call("coalesce", BI, Literal.nullOf(BI), Literal.nullOf(BI), i64(3))).isEqualTo("3");
    }

    @Test
    void columnsNullsAndSelection()
    {
        ColumnBatch b = batch(List.of(S, BI), Arrays.asList("abc", null, "héllo", "xyz"), Arrays.asList(2L, 1L, null, 1L));
        select(b, 0, 1, 2);
        Expression e = new FunctionCall("substr", List.of(col(0, S), col(1, BI)), S);
        assertThat(eval(e, b)).containsExactly("bc", null, null);
        Expression up = new FunctionCall("upper", List.of(col(0, S)), S);
        assertThat(eval(up, b)).containsExactly("ABC", null, "HÉLLO");
        ColumnBatch empty = batch(List.of(S), List.of());
        assertThat(eval(new FunctionCall("length", List.of(col(0, S)), I), empty)).isEmpty();
    }

    @Test
    void unknownFunctionOrArgumentsFailWithSignature()
    {
        assertThatThrownBy(() -> new FunctionCall("no_such_fn", List.of(i64(1)), BI))
                .isInstanceOf(FunctionResolutionException.class).hasMessageContaining("no_such_fn(bigint(20))");
        assertThatThrownBy(() -> new FunctionCall("SQRT", List.of(str("x")), D))
                .isInstanceOf(FunctionResolutionException.class).hasMessageContaining("sqrt(varchar(65533))");
        assertThat(new FunctionCall("SQRT", List.of(i64(4)), D).name()).isEqualTo("sqrt");
    }
}
