package io.starling.fe.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * StarRocks' numeric typing rules for Calcite: DECIMAL up to 38 digits; SUM of DECIMAL(p, s) is DECIMAL(38, s);
 * AVG of DECIMAL(p, s) is DECIMAL(38, max(s, 6)); SUM of integers is BIGINT; AVG of integers/floats is DOUBLE;
 * multiplication adds precisions and scales (capped at 38); division of decimals gets scale s1 + 6 (StarRocks'
 * decimal division keeps 6 extra fractional digits, as MySQL's div_precision_increment = 4 plus two guard digits
 * in DECIMAL v3), capped at 38.
 */
public final class StarRocksTypeSystem extends RelDataTypeSystemImpl
{
    public static final StarRocksTypeSystem INSTANCE = new StarRocksTypeSystem();

    /** DECIMAL128 holds 38 decimal digits. */
    static final int MAX_PRECISION = 38;
    /** Extra fractional digits of AVG and of decimal division in StarRocks. */
    static final int DIVISION_SCALE_INCREMENT = 6;

    private StarRocksTypeSystem()
    {
    }

    @Override
    public int getMaxNumericPrecision()
    {
        return MAX_PRECISION;
    }

    @Override
    public int getMaxNumericScale()
    {
        return MAX_PRECISION;
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName)
    {
        return switch (typeName) {
            case DECIMAL -> MAX_PRECISION;
            case VARCHAR, CHAR -> 1_048_576;
            default -> super.getMaxPrecision(typeName);
        };
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName)
    {
        return switch (typeName) {
            case VARCHAR -> 65533;
            case TIMESTAMP -> 0;
            default -> super.getDefaultPrecision(typeName);
        };
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType)
    {
        RelDataType t = switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            case DECIMAL -> typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_PRECISION, argumentType.getScale());
            case REAL, FLOAT, DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
            default -> argumentType;
        };
        return typeFactory.createTypeWithNullability(t, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType)
    {
        RelDataType t;
        if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
            t = typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_PRECISION,
                    Math.max(argumentType.getScale(), DIVISION_SCALE_INCREMENT));
        }
        else {
            t = typeFactory.createSqlType(SqlTypeName.DOUBLE);
        }
        return typeFactory.createTypeWithNullability(t, argumentType.isNullable());
    }

    /**
     * {@code +} and {@code -}: two integer operands give the next wider integer type than the wider operand, as
     * StarRocks (TINYINT, SMALLINT, INT, BIGINT, then LARGEINT, our DECIMAL(38, 0)), so 2147483647 + 1 cannot wrap;
     * decimals keep Calcite's rule.
     */
    @Override
    public RelDataType deriveDecimalPlusType(RelDataTypeFactory typeFactory, RelDataType type1, RelDataType type2)
    {
        RelDataType widened = widenedInteger(typeFactory, type1, type2);
        return widened != null ? widened : super.deriveDecimalPlusType(typeFactory, type1, type2);
    }

    /** The next wider integer type after the wider of two integer operands; null unless both are integers. */
    static RelDataType widenedInteger(RelDataTypeFactory typeFactory, RelDataType type1, RelDataType type2)
    {
        int w1 = integerRank(type1.getSqlTypeName());
        int w2 = integerRank(type2.getSqlTypeName());
        if (w1 < 0 || w2 < 0) {
            return null;
        }
        RelDataType t = switch (Math.max(w1, w2)) {
            case 0 -> typeFactory.createSqlType(SqlTypeName.SMALLINT);
            case 1 -> typeFactory.createSqlType(SqlTypeName.INTEGER);
            case 2 -> typeFactory.createSqlType(SqlTypeName.BIGINT);
            default -> typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_PRECISION, 0);
        };
        return typeFactory.createTypeWithNullability(t, type1.isNullable() || type2.isNullable());
    }

    private static int integerRank(SqlTypeName n)
    {
        return switch (n) {
            case TINYINT -> 0;
            case SMALLINT -> 1;
            case INTEGER -> 2;
            case BIGINT -> 3;
            default -> -1;
        };
    }

    @Override
    public RelDataType deriveDecimalMultiplyType(RelDataTypeFactory typeFactory, RelDataType type1, RelDataType type2)
    {
        RelDataType widened = widenedInteger(typeFactory, type1, type2);
        if (widened != null) {
            // "*" widens like "+" (StarRocks): INT * INT is BIGINT
            return widened;
        }
        if (SqlTypeUtil.isExactNumeric(type1) && SqlTypeUtil.isExactNumeric(type2)
                && (SqlTypeUtil.isDecimal(type1) || SqlTypeUtil.isDecimal(type2))) {
            int p = Math.min(MAX_PRECISION, type1.getPrecision() + type2.getPrecision());
            int s = Math.min(MAX_PRECISION, type1.getScale() + type2.getScale());
            return typeFactory.createSqlType(SqlTypeName.DECIMAL, p, s);
        }
        return null;
    }

    @Override
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory typeFactory, RelDataType type1, RelDataType type2)
    {
        if (SqlTypeUtil.isExactNumeric(type1) && SqlTypeUtil.isExactNumeric(type2)
                && (SqlTypeUtil.isDecimal(type1) || SqlTypeUtil.isDecimal(type2))) {
            int s = Math.min(MAX_PRECISION, type1.getScale() + DIVISION_SCALE_INCREMENT);
            return typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_PRECISION, s);
        }
        return null;
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying()
    {
        return true;
    }
}
