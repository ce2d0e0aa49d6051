package io.starling.fe.planner;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.types.PlanTypes;
import io.starling.storage.types.DataType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Conversions between Starling's {@link DataType}, the plan IR's {@link TypeDesc} and Calcite's RelDataType.
 * CHAR is mapped to VARCHAR (StarRocks CHAR compares like VARCHAR; Calcite would blank-pad), DATETIME to
 * TIMESTAMP(0), FLOAT to REAL (Calcite's FLOAT is 8 bytes), LARGEINT to DECIMAL(38, 0) (Calcite has no 128-bit
 * integer; both are stored as 16-byte two's complement). HLL and BITMAP, which Calcite lacks, are VARBINARY with a
 * marker precision each ({@link #HLL_PRECISION}, {@link #BITMAP_PRECISION}): Starling has no other VARBINARY, so a
 * VARBINARY in a plan is always one of the two and keeps its kind through projections, CASE and set operations.
 */
final class TypeMapping
{
    /** VARBINARY precision that marks an HLL (any value other than BITMAP's, below Calcite's 65536 maximum). */
    static final int HLL_PRECISION = 65534;
    /** VARBINARY precision that marks a BITMAP. */
    static final int BITMAP_PRECISION = 65535;

    private TypeMapping()
    {
    }

    static RelDataType toCalcite(RelDataTypeFactory f, DataType t, boolean nullable)
    {
        RelDataType r = switch (t.kind()) {
            case NULL -> f.createSqlType(SqlTypeName.NULL);
            case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
            case TINYINT -> f.createSqlType(SqlTypeName.TINYINT);
            case SMALLINT -> f.createSqlType(SqlTypeName.SMALLINT);
            case INT -> f.createSqlType(SqlTypeName.INTEGER);
            case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
            case LARGEINT -> f.createSqlType(SqlTypeName.DECIMAL, DataType.MAX_DECIMAL_PRECISION, 0);
            case FLOAT -> f.createSqlType(SqlTypeName.REAL);
            case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
            case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, t.precision(), t.scale());
            case DATE -> f.createSqlType(SqlTypeName.DATE);
            case DATETIME -> f.createSqlType(SqlTypeName.TIMESTAMP, 0);
            case CHAR, VARCHAR -> f.createSqlType(SqlTypeName.VARCHAR, t.length() > 0 ? t.length() : DataType.STRING_LENGTH);
            case HLL -> f.createSqlType(SqlTypeName.VARBINARY, HLL_PRECISION);
            case BITMAP -> f.createSqlType(SqlTypeName.VARBINARY, BITMAP_PRECISION);
        };
        return f.createTypeWithNullability(r, nullable);
    }

    /** Starling type of a Calcite type; throws NOT_SUPPORTED for types the engine has no representation for. */
    static DataType toDataType(RelDataType t) throws SqlError
    {
        return switch (t.getSqlTypeName()) {
            case NULL -> DataType.NULL;
            case BOOLEAN -> DataType.BOOLEAN;
            case TINYINT -> DataType.TINYINT;
            case SMALLINT -> DataType.SMALLINT;
            case INTEGER -> DataType.INT;
            case BIGINT -> DataType.BIGINT;
            case REAL -> DataType.FLOAT;
            case FLOAT, DOUBLE -> DataType.DOUBLE;
            case DECIMAL -> DataType.decimal(Math.max(1, t.getPrecision()), t.getScale());
            case DATE -> DataType.DATE;
            case TIMESTAMP -> DataType.DATETIME;
            case CHAR, VARCHAR -> DataType.varchar(
                    t.getPrecision() <= 0 || t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                            ? DataType.STRING_LENGTH : t.getPrecision());
            case VARBINARY -> switch (t.getPrecision()) {
                case HLL_PRECISION -> DataType.HLL;
                case BITMAP_PRECISION -> DataType.BITMAP;
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Type " + t.getFullTypeString() + " is not supported");
            };
            default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Type " + t.getFullTypeString()
                    + " is not supported");
        };
    }

    static TypeDesc toDesc(DataType t)
    {
        return PlanTypes.toProto(t);
    }

    static TypeDesc toDesc(RelDataType t) throws SqlError
    {
        return toDesc(toDataType(t));
    }

    static DataType fromDesc(TypeDesc d)
    {
        return PlanTypes.toDataType(d);
    }
}
