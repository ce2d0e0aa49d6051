package io.starling.storage.types;

import java.util.Locale;

/**
 * A SQL type as StarRocks spells it: kind plus precision/scale (DECIMAL) or length (CHAR/VARCHAR).
 * Immutable; use the static factories. STRING is VARCHAR(65533), as in StarRocks.
 */
public record DataType(TypeKind kind, int precision, int scale, int length)
{
    public static final int MAX_DECIMAL_PRECISION = 38;
    public static final int MAX_DECIMAL64_PRECISION = 18;
    public static final int MAX_VARCHAR_LENGTH = 1_048_576;
    public static final int STRING_LENGTH = 65533;
    public static final int DEFAULT_DATETIME_FSP = 0;

    public static final DataType NULL = new DataType(TypeKind.NULL, 0, 0, 0);
    public static final DataType BOOLEAN = new DataType(TypeKind.BOOLEAN, 0, 0, 0);
    public static final DataType TINYINT = new DataType(TypeKind.TINYINT, 0, 0, 0);
    public static final DataType SMALLINT = new DataType(TypeKind.SMALLINT, 0, 0, 0);
    public static final DataType INT = new DataType(TypeKind.INT, 0, 0, 0);
    public static final DataType BIGINT = new DataType(TypeKind.BIGINT, 0, 0, 0);
    public static final DataType LARGEINT = new DataType(TypeKind.LARGEINT, 0, 0, 0);
    public static final DataType FLOAT = new DataType(TypeKind.FLOAT, 0, 0, 0);
    public static final DataType DOUBLE = new DataType(TypeKind.DOUBLE, 0, 0, 0);
    public static final DataType DATE = new DataType(TypeKind.DATE, 0, 0, 0);
    public static final DataType DATETIME = new DataType(TypeKind.DATETIME, 0, 0, 0);
    public static final DataType STRING = new DataType(TypeKind.VARCHAR, 0, 0, STRING_LENGTH);
    public static final DataType HLL = new DataType(TypeKind.HLL, 0, 0, 0);
    public static final DataType BITMAP = new DataType(TypeKind.BITMAP, 0, 0, 0);

    public DataType
    {
        if (kind == TypeKind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
                throw new IllegalArgumentException("DECIMAL precision must be between 1 and 38, got " + precision);
            }
            if (scale < 0 || scale > precision) {
                throw new IllegalArgumentException("DECIMAL scale must be between 0 and precision " + precision + ", got " + scale);
            }
        }
    }

    public static DataType decimal(int precision, int scale)
    {
        return new DataType(TypeKind.DECIMAL, precision, scale, 0);
    }

    public static DataType varchar(int length)
    {
        return new DataType(TypeKind.VARCHAR, 0, 0, length);
    }

    public static DataType chr(int length)
    {
        return new DataType(TypeKind.CHAR, 0, 0, length);
    }

    public static DataType of(TypeKind kind)
    {
        return switch (kind) {
            case NULL -> NULL;
            case BOOLEAN -> BOOLEAN;
            case TINYINT -> TINYINT;
            case SMALLINT -> SMALLINT;
            case INT -> INT;
            case BIGINT -> BIGINT;
            case LARGEINT -> LARGEINT;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            case DATE -> DATE;
            case DATETIME -> DATETIME;
            case VARCHAR -> STRING;
            case CHAR -> chr(1);
            case DECIMAL -> decimal(10, 0);
            case HLL -> HLL;
            case BITMAP -> BITMAP;
        };
    }

    public PhysicalType physical()
    {
        return switch (kind) {
            case NULL, BOOLEAN, TINYINT -> PhysicalType.BYTE;
            case SMALLINT -> PhysicalType.SHORT;
            case INT, DATE -> PhysicalType.INT;
            case BIGINT, DATETIME -> PhysicalType.LONG;
            case LARGEINT -> PhysicalType.INT128;
            case FLOAT -> PhysicalType.FLOAT;
            case DOUBLE -> PhysicalType.DOUBLE;
            case DECIMAL -> precision <= MAX_DECIMAL64_PRECISION ? PhysicalType.LONG : PhysicalType.INT128;
            case CHAR, VARCHAR, HLL, BITMAP -> PhysicalType.VARLEN;
        };
    }

    public boolean isDecimal()
    {
        return kind == TypeKind.DECIMAL;
    }

    /** The type as StarRocks prints it in DESC and SHOW CREATE TABLE, e.g. {@code int(11)}, {@code decimal(15, 2)}, {@code varchar(65533)}. */
    public String toSql()
    {
        return switch (kind) {
            case NULL -> "null";
            case BOOLEAN -> "boolean";
            case TINYINT -> "tinyint(4)";
            case SMALLINT -> "smallint(6)";
            case INT -> "int(11)";
            case BIGINT -> "bigint(20)";
            case LARGEINT -> "largeint(40)";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case DECIMAL -> "decimal(" + precision + ", " + scale + ")";
            case DATE -> "date";
            case DATETIME -> "datetime";
            case CHAR -> "char(" + length + ")";
            case VARCHAR -> "varchar(" + length + ")";
            case HLL -> "hll";
            case BITMAP -> "bitmap";
        };
    }

    /** Short upper-case name used in error messages, e.g. {@code DECIMAL(15,2)}, {@code VARCHAR(10)}, {@code INT}. */
    @Override
    public String toString()
    {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case CHAR, VARCHAR -> kind.name() + "(" + length + ")";
            default -> kind.name().toUpperCase(Locale.ROOT);
        };
    }
}
