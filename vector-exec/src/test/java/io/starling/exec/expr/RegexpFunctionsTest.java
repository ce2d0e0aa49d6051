package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** regexp / regexp_extract / regexp_replace, with constant and per-row patterns, NULLs and UTF-8 text. */
class RegexpFunctionsTest extends ExprTestSupport
{
    private static final DataType S = DataType.STRING;

    private String call(String name, DataType ret, Expression... args)
    {
        return evalConst(new FunctionCall(name, List.of(args), ret));
    }

    @Test
    void regexpMatchesAnywhereCaseSensitive()
    {
        assertThat(call("regexp", DataType.BOOLEAN, str("abc"), str("b"))).isEqualTo("1");
        assertThat(call("regexp", DataType.BOOLEAN, str("abc"), str("^b"))).isEqualTo("0");
        assertThat(call("rlike", DataType.BOOLEAN, str("ABC"), str("abc"))).isEqualTo("0");
        assertThat(call("regexp", DataType.BOOLEAN, str(""), str("^$"))).isEqualTo("1");
        assertThat(call("regexp", DataType.BOOLEAN, Literal.nullOf(S), str("a"))).isNull();
        assertThat(call("regexp", DataType.BOOLEAN, str("中文"), str("^.文$"))).isEqualTo("1");
    }

    @Test
    void extractGroups()
    {
        String p = "([[:lower:]]+)C([[:lower:]]+)";
        assertThat(call("regexp_extract", S, str("AbCdE"), str(p), i64(1))).isEqualTo("b");
        assertThat(call("regexp_extract", S, str("AbCdE"), str(p), i64(2))).isEqualTo("d");
        assertThat(call("regexp_extract", S, str("AbCdE"), str(p), i64(0))).isEqualTo("bCd");
        assertThat(call("regexp_extract", S, str("AbCdE"), str(p), i64(3))).isEmpty();
        assertThat(call("regexp_extract", S, str("xyz"), str(p), i64(1))).isEmpty();
        assertThat(call("regexp_extract", S, str("a1"), str("(x)?1"), i64(1))).isEmpty();
    }

    @Test
    void replaceAllWithGroupReferences()
    {
        assertThat(call("regexp_replace", S, str("a1b22c"), str("[0-9]+"), str("#"))).isEqualTo("a#b#c");
        assertThat(call("regexp_replace", S, str("2024-01-05"), str("(\\d+)-(\\d+)-(\\d+)"), str("\\3/\\2/\\1")))
                .isEqualTo("05/01/2024");
        assertThat(call("regexp_replace", S, str("a.b"), str("\\."), str("$x\\\\"))).isEqualTo("a$x\\b");
        assertThat(call("regexp_replace", S, str("héllo"), str("é"), str("e"))).isEqualTo("hello");
    }

    @Test
    void columnPatternsChangePerRow()
    {
        ColumnBatch b = batch(List.of(S, S), List.of("abc", "abc", "xyz", "q"), java.util.Arrays.asList("^a", "^b", "y", null));
        assertThat(evalText(new FunctionCall("regexp", List.of(col(0, S), col(1, S)), DataType.BOOLEAN), b))
                .containsExactly("1", "0", "1", null);
    }

    @Test
    void invalidPatternNamesIt()
    {
        assertThatThrownBy(() -> call("regexp", DataType.BOOLEAN, str("a"), str("(")))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("Invalid regex expression: (");
    }

    @Test
    void rewriteTranslation()
    {
        assertThat(RegexpFunctions.javaReplacement("\\1-$\\\\x")).isEqualTo("$1-\\$\\\\x");
    }
}
