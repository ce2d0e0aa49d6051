package io.starling.fe.planner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.util.Optionality;

/**
 * StarRocks aggregate functions that Calcite lacks or spells differently, and the names the backend knows them by.
 *
 * <p>MySQL/StarRocks meanings that differ from the SQL standard: {@code VARIANCE} and {@code STD}/{@code STDDEV}
 * are the population forms (Calcite's VARIANCE/STDDEV are the sample forms), so {@link #operator} maps them to
 * VAR_POP/STDDEV_POP, and every variance form is DOUBLE (our own functions, not Calcite's, which keep DECIMAL).
 * Our own functions ({@code GROUP_CONCAT}, {@code APPROX_COUNT_DISTINCT}/{@code NDV},
 * {@code PERCENTILE_APPROX}, {@code PERCENTILE_CONT}, {@code PERCENTILE_DISC}, {@code MAX_BY}, {@code MIN_BY})
 * are plain aggregate functions of kind OTHER_FUNCTION whose Calcite name is the backend's name.
 */
final class StarRocksAggFunctions
{
    /** StarRocks' default GROUP_CONCAT separator (since 3.0.6; it was ", " before). */
    static final String DEFAULT_SEPARATOR = ",";

    private static final SqlReturnTypeInference NULLABLE_DOUBLE = ReturnTypes.DOUBLE_NULLABLE;

    static final SqlAggFunction GROUP_CONCAT = new Function("GROUP_CONCAT", StarRocksAggFunctions::varchar);
    static final SqlAggFunction APPROX_COUNT_DISTINCT = new Function("APPROX_COUNT_DISTINCT", ReturnTypes.BIGINT);
    static final SqlAggFunction PERCENTILE_APPROX = new Function("PERCENTILE_APPROX", NULLABLE_DOUBLE);
    static final SqlAggFunction PERCENTILE_CONT = new Function("PERCENTILE_CONT", NULLABLE_DOUBLE);
    // StarRocks: PERCENTILE_DISC picks one of the values, so it keeps their type (CONT interpolates: DOUBLE)
    static final SqlAggFunction PERCENTILE_DISC = new Function("PERCENTILE_DISC", ReturnTypes.ARG0_FORCE_NULLABLE);
    static final SqlAggFunction MAX_BY = new Function("MAX_BY", ReturnTypes.ARG0_FORCE_NULLABLE);
    static final SqlAggFunction MIN_BY = new Function("MIN_BY", ReturnTypes.ARG0_FORCE_NULLABLE);
    // Calcite's VAR_POP & co. type DECIMAL input as DECIMAL; StarRocks returns DOUBLE for every numeric input
    static final SqlAggFunction VAR_POP = new Function("VAR_POP", NULLABLE_DOUBLE);
    static final SqlAggFunction VAR_SAMP = new Function("VAR_SAMP", NULLABLE_DOUBLE);
    static final SqlAggFunction STDDEV_POP = new Function("STDDEV_POP", NULLABLE_DOUBLE);
    static final SqlAggFunction STDDEV_SAMP = new Function("STDDEV_SAMP", NULLABLE_DOUBLE);
    // BITMAP / HLL aggregates (SketchTypes); the counts are 0 for no rows, the sketches NULL
    static final SqlAggFunction BITMAP_UNION = new Function("BITMAP_UNION", SketchTypes.BITMAP);
    static final SqlAggFunction BITMAP_UNION_COUNT = new Function("BITMAP_UNION_COUNT", ReturnTypes.BIGINT);
    static final SqlAggFunction BITMAP_INTERSECT = new Function("BITMAP_INTERSECT", SketchTypes.BITMAP);
    static final SqlAggFunction BITMAP_AGG = new Function("BITMAP_AGG", SketchTypes.BITMAP);
    static final SqlAggFunction BITMAP_UNION_INT = new Function("BITMAP_UNION_INT", ReturnTypes.BIGINT);
    static final SqlAggFunction HLL_UNION = new Function("HLL_UNION", SketchTypes.HLL);
    static final SqlAggFunction HLL_RAW_AGG = new Function("HLL_RAW_AGG", SketchTypes.HLL);
    static final SqlAggFunction HLL_UNION_AGG = new Function("HLL_UNION_AGG", ReturnTypes.BIGINT);

    private static final Map<String, SqlAggFunction> BY_NAME = Map.ofEntries(
            Map.entry("variance", VAR_POP),
            Map.entry("var_pop", VAR_POP),
            Map.entry("variance_pop", VAR_POP),
            Map.entry("var_samp", VAR_SAMP),
            Map.entry("variance_samp", VAR_SAMP),
            Map.entry("std", STDDEV_POP),
            Map.entry("stddev", STDDEV_POP),
            Map.entry("stddev_pop", STDDEV_POP),
            Map.entry("stddev_samp", STDDEV_SAMP),
            Map.entry("grouping", SqlStdOperatorTable.GROUPING),
            Map.entry("grouping_id", SqlStdOperatorTable.GROUPING_ID),
            Map.entry("group_concat", GROUP_CONCAT),
            Map.entry("approx_count_distinct", APPROX_COUNT_DISTINCT),
            Map.entry("ndv", APPROX_COUNT_DISTINCT),
            Map.entry("percentile_approx", PERCENTILE_APPROX),
            Map.entry("percentile_cont", PERCENTILE_CONT),
            Map.entry("percentile_disc", PERCENTILE_DISC),
            Map.entry("max_by", MAX_BY),
            Map.entry("min_by", MIN_BY),
            Map.entry("bitmap_union", BITMAP_UNION),
            Map.entry("bitmap_union_count", BITMAP_UNION_COUNT),
            Map.entry("bitmap_intersect", BITMAP_INTERSECT),
            Map.entry("bitmap_agg", BITMAP_AGG),
            Map.entry("bitmap_union_int", BITMAP_UNION_INT),
            Map.entry("hll_union", HLL_UNION),
            Map.entry("hll_raw_agg", HLL_RAW_AGG),
            Map.entry("hll_union_agg", HLL_UNION_AGG));

    private StarRocksAggFunctions()
    {
    }

    /** The operator for a lower-case StarRocks function name, or null if it is not one of these. */
    static SqlAggFunction operator(String name)
    {
        return BY_NAME.get(name);
    }

    /**
     * GROUP_CONCAT's operands without a SEPARATOR clause, with the separator made the last operand: the older
     * two-argument form {@code group_concat(x, sep)} keeps its second argument as the separator; one or three and
     * more arguments get {@link #DEFAULT_SEPARATOR}.
     */
    static List<SqlNode> groupConcatOperands(List<SqlNode> args)
    {
        if (args.size() == 2) {
            return args;
        }
        List<SqlNode> out = new java.util.ArrayList<>(args);
        out.add(SqlLiteral.createCharString(DEFAULT_SEPARATOR, SqlParserPos.ZERO));
        return out;
    }

    /** The backend function name of a Calcite aggregate, or null if the backend has no such function. */
    static String backendName(SqlAggFunction f)
    {
        return switch (f.getKind()) {
            case COUNT -> "count";
            case SUM, SUM0 -> "sum";
            case MIN -> "min";
            case MAX -> "max";
            case AVG -> "avg";
            case ANY_VALUE -> "any_value";
            case VAR_POP -> "var_pop";
            case VAR_SAMP -> "var_samp";
            case STDDEV_POP -> "stddev_pop";
            case STDDEV_SAMP -> "stddev_samp";
            case OTHER_FUNCTION -> f instanceof Function ? f.getName().toLowerCase(Locale.ROOT) : null;
            default -> null;
        };
    }

    private static RelDataType varchar(SqlOperatorBinding b)
    {
        RelDataType t = b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR, 65533);
        return b.getTypeFactory().createTypeWithNullability(t, true);
    }

    /** One of our aggregate functions: any operands (the backend checks them), no ORDER BY, no OVER. */
    private static final class Function
            extends SqlAggFunction
    {
        Function(String name, SqlReturnTypeInference returnType)
        {
            super(name, null, SqlKind.OTHER_FUNCTION, returnType, null, OperandTypes.VARIADIC,
                    SqlFunctionCategory.USER_DEFINED_FUNCTION, false, false, Optionality.FORBIDDEN);
        }

        /**
         * Types the call with this operator. SqlFunction's version would look the name up again in the operator
         * table and find Calcite's own GROUP_CONCAT (a LISTAGG) or nothing at all.
         */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call)
        {
            for (SqlNode operand : call.getOperandList()) {
                validator.deriveType(scope, operand);
            }
            return validateOperands(validator, scope, call);
        }
    }
}
