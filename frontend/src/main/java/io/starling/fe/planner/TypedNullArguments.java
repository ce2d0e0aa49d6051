package io.starling.fe.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Gives a bare {@code NULL} argument of a string function the type of its parameter ({@code substr('x', NULL)} is
 * {@code substr('x', CAST(NULL AS INT))}). Calcite's convertlets for SUBSTR and friends build literals of the
 * argument's type, and an untyped NULL has type NULL, for which no literal exists ("Cannot create literal for type
 * 'NULL'"). The call's value is NULL either way, as in StarRocks. Functions not listed keep their NULLs, which
 * Calcite's own operand inference types (concat, coalesce, ...).
 */
final class TypedNullArguments
{
    private static final SqlParserPos POS = SqlParserPos.ZERO;
    private static final SqlTypeName S = SqlTypeName.VARCHAR;
    private static final SqlTypeName I = SqlTypeName.INTEGER;

    /** Parameter types by position (the last one repeats for further arguments). */
    private static final Map<String, List<SqlTypeName>> PARAMETERS = Map.ofEntries(
            Map.entry("substr", List.of(S, I, I)),
            Map.entry("substring", List.of(S, I, I)),
            Map.entry("mid", List.of(S, I, I)),
            Map.entry("left", List.of(S, I)),
            Map.entry("right", List.of(S, I)),
            Map.entry("strleft", List.of(S, I)),
            Map.entry("strright", List.of(S, I)),
            Map.entry("repeat", List.of(S, I)),
            Map.entry("lpad", List.of(S, I, S)),
            Map.entry("rpad", List.of(S, I, S)),
            Map.entry("locate", List.of(S, S, I)),
            Map.entry("instr", List.of(S, S)),
            Map.entry("split_part", List.of(S, S, I)));

    private TypedNullArguments()
    {
    }

    /** {@code args} with each bare NULL literal cast to its parameter's type when {@code function} is listed. */
    static List<SqlNode> apply(String function, List<SqlNode> args)
    {
        List<SqlTypeName> params = PARAMETERS.get(function);
        if (params == null) {
            return args;
        }
        List<SqlNode> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            SqlNode a = args.get(i);
            if (a instanceof SqlLiteral lit && lit.getTypeName() == SqlTypeName.NULL) {
                SqlTypeName t = params.get(Math.min(i, params.size() - 1));
                a = SqlStdOperatorTable.CAST.createCall(POS, a,
                        new SqlDataTypeSpec(new SqlBasicTypeNameSpec(t, POS), POS));
            }
            out.add(a);
        }
        return out;
    }
}
