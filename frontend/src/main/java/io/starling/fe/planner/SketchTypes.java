package io.starling.fe.planner;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Planner types of StarRocks' BITMAP and HLL functions (the backend's {@code SketchFunctions},
 * {@code BitmapAccumulator} and {@code HllUnionAccumulator} implement them). HLL and BITMAP travel through Calcite
 * as VARBINARY with the marker precisions of {@link TypeMapping}.
 */
final class SketchTypes
{
    /** A nullable BITMAP. */
    static final SqlReturnTypeInference BITMAP = b -> sketch(b, TypeMapping.BITMAP_PRECISION, true);
    /** A nullable HLL. */
    static final SqlReturnTypeInference HLL = b -> sketch(b, TypeMapping.HLL_PRECISION, true);
    /** A BITMAP that is never NULL (bitmap_empty). */
    private static final SqlReturnTypeInference BITMAP_NOT_NULL = b -> sketch(b, TypeMapping.BITMAP_PRECISION, false);
    /** An HLL that is never NULL (hll_empty, hll_hash: NULL hashes to the empty HLL). */
    private static final SqlReturnTypeInference HLL_NOT_NULL = b -> sketch(b, TypeMapping.HLL_PRECISION, false);

    private SketchTypes()
    {
    }

    /** The scalar functions, for StarRocksOperatorTable. */
    static List<SqlFunction> scalarFunctions()
    {
        return List.of(
                fn("to_bitmap", BITMAP),
                fn("bitmap_hash", BITMAP),
                fn("bitmap_empty", BITMAP_NOT_NULL),
                fn("bitmap_from_string", BITMAP),
                fn("bitmap_to_string", ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(
                        org.apache.calcite.sql.type.SqlTypeTransforms.TO_NULLABLE)),
                fn("bitmap_count", ReturnTypes.BIGINT),
                fn("bitmap_contains", ReturnTypes.BOOLEAN_NULLABLE),
                fn("bitmap_or", BITMAP),
                fn("bitmap_and", BITMAP),
                fn("bitmap_andnot", BITMAP),
                fn("bitmap_xor", BITMAP),
                fn("hll_hash", HLL_NOT_NULL),
                fn("hll_empty", HLL_NOT_NULL),
                fn("hll_cardinality", ReturnTypes.BIGINT));
    }

    private static RelDataType sketch(SqlOperatorBinding b, int precision, boolean nullable)
    {
        RelDataType t = b.getTypeFactory().createSqlType(SqlTypeName.VARBINARY, precision);
        return b.getTypeFactory().createTypeWithNullability(t, nullable);
    }

    private static SqlFunction fn(String name, SqlReturnTypeInference returnType)
    {
        return new SqlFunction(name.toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION, returnType, null,
                OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }
}
