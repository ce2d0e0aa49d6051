package io.starling.fe.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * The operator table the validator resolves functions against: Calcite's STANDARD + MYSQL library table plus
 * StarRocks functions Calcite lacks (if, ifnull, date_add with a unit, datediff, date_format, date_trunc, substr,
 * concat_ws, split_part, starts_with, ...). A StarRocks function is added only when the library table has no
 * function of that name, so no name has two competing overloads (which would stop calls from resolving).
 */
final class StarRocksOperatorTable
{
    /**
     * {@code /} with StarRocks' result types: two integer operands divide as DOUBLE (7 / 2 = 3.5, never integer
     * division, which is DIV); anything with a DECIMAL follows the type system's decimal quotient rule.
     */
    static final org.apache.calcite.sql.SqlBinaryOperator DIVIDE = new org.apache.calcite.sql.SqlBinaryOperator("/",
            SqlKind.DIVIDE, 60, true, StarRocksOperatorTable::divideType,
            org.apache.calcite.sql.type.InferTypes.FIRST_KNOWN, OperandTypes.DIVISION_OPERATOR)
    {
        /**
         * Keeps Calcite's constant reduction away: its executor would fold 7 / 2 with Java integer division (3)
         * before our result type applies. The BE evaluates constant divisions instead.
         */
        @Override
        public boolean isDynamicFunction()
        {
            return true;
        }
    };

    private static final SqlOperatorTable INSTANCE = build();

    private StarRocksOperatorTable()
    {
    }

    static SqlOperatorTable instance()
    {
        return INSTANCE;
    }

    private static SqlOperatorTable build()
    {
        SqlOperatorTable library = SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD,
                SqlLibrary.MYSQL);
        List<SqlOperator> own = new ArrayList<>();
        for (SqlFunction f : functions()) {
            List<SqlOperator> existing = new ArrayList<>();
            library.lookupOperatorOverloads(new SqlIdentifier(f.getName(), SqlParserPos.ZERO),
                    SqlFunctionCategory.USER_DEFINED_FUNCTION, SqlSyntax.FUNCTION, existing,
                    SqlNameMatchers.withCaseSensitive(false));
            if (existing.isEmpty()) {
                own.add(f);
            }
        }
        // our "/" first: the validator re-resolves binary operators by name and takes the first overload found
        return SqlOperatorTables.chain(SqlOperatorTables.of(DIVIDE), library, SqlOperatorTables.of(own));
    }

    private static List<SqlFunction> functions()
    {
        SqlReturnTypeInference varchar = ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(
                org.apache.calcite.sql.type.SqlTypeTransforms.TO_NULLABLE);
        SqlReturnTypeInference integer = ReturnTypes.INTEGER_NULLABLE;
        SqlReturnTypeInference bigint = ReturnTypes.BIGINT_NULLABLE;
        SqlReturnTypeInference bool = ReturnTypes.BOOLEAN_NULLABLE;
        SqlReturnTypeInference dbl = ReturnTypes.DOUBLE_NULLABLE;
        SqlReturnTypeInference date = ReturnTypes.DATE_NULLABLE;
        SqlReturnTypeInference datetime = b -> nullable(b, b.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP, 0));
        List<SqlFunction> fs = new ArrayList<>();
        fs.add(fn("if", StarRocksOperatorTable::ifType));
        fs.add(fn("ifnull", StarRocksOperatorTable::leastRestrictive));
        fs.add(fn("nvl", StarRocksOperatorTable::leastRestrictive));
        fs.add(fn("greatest", StarRocksOperatorTable::leastRestrictive));
        fs.add(fn("least", StarRocksOperatorTable::leastRestrictive));
        for (String n : List.of("date_add", "date_sub", "adddate", "subdate", "days_add", "days_sub")) {
            fs.add(fn(n, StarRocksOperatorTable::dateAddType));
        }
        for (String n : List.of("months_add", "months_sub", "years_add", "years_sub", "weeks_add", "weeks_sub")) {
            fs.add(fn(n, b -> b.getOperandType(0)));
        }
        for (String n : List.of("hours_add", "hours_sub", "minutes_add", "minutes_sub", "seconds_add", "seconds_sub")) {
            fs.add(fn(n, datetime));
        }
        fs.add(fn("datediff", integer));
        fs.add(fn("date_format", varchar));
        fs.add(fn("str_to_date", datetime));
        fs.add(fn("date_trunc", b -> b.getOperandType(1)));
        fs.add(fn("to_date", date));
        fs.add(fn("date", date));
        for (String n : List.of("year", "month", "day", "dayofmonth", "quarter", "hour", "minute", "second",
                "dayofweek", "dayofyear", "weekofyear", "week")) {
            fs.add(fn(n, integer));
        }
        fs.add(fn("unix_timestamp", bigint));
        fs.add(fn("from_unixtime", varchar));
        for (String n : List.of("substr", "concat", "concat_ws", "split_part", "reverse", "lpad", "rpad", "left",
                "right", "ltrim", "rtrim", "repeat", "replace", "upper", "lower", "ucase", "lcase")) {
            fs.add(fn(n, varchar));
        }
        fs.add(fn("starts_with", bool));
        fs.add(fn("ends_with", bool));
        fs.add(fn("regexp", bool));
        fs.add(fn("regexp_like", bool));
        fs.add(fn("regexp_extract", varchar));
        fs.add(fn("regexp_replace", varchar));
        fs.add(fn("sr_regexp_replace", varchar));
        for (String n : List.of("length", "char_length", "locate", "instr")) {
            fs.add(fn(n, integer));
        }
        for (String n : List.of("pow", "ln", "log10", "log2", "exp", "sqrt", "pi")) {
            fs.add(fn(n, dbl));
        }
        fs.add(fn("truncate", ReturnTypes.ARG0_NULLABLE));
        fs.add(fn("sign", integer));
        fs.add(fn("sr_round", bi -> roundType(bi, true)));
        fs.add(fn("sr_truncate", bi -> roundType(bi, false)));
        // StarRocks' sign returns FLOAT (-1, 0 or 1) whatever the argument type; Calcite's keeps the argument's
        fs.add(fn("sr_sign", bi -> nullable(bi, bi.getTypeFactory().createSqlType(SqlTypeName.FLOAT))));
        fs.addAll(SketchTypes.scalarFunctions());
        return fs;
    }

    /** Names the parser maps to our own overloads because Calcite's types differ from StarRocks' (see rename). */
    private static final java.util.Map<String, String> RENAMED = java.util.Map.of(
            "round", "sr_round", "dround", "sr_round", "truncate", "sr_truncate", "sign", "sr_sign",
            "ceiling", "ceil",
            // Calcite's MYSQL library has these, and its constant folding would apply Java regex replacement
            // syntax ($1) instead of RE2's (\1): route them to our own operators, which it cannot fold
            "regexp_replace", "sr_regexp_replace", "regexp_like", "regexp");

    /** The operator-table name for a function the user called {@code name} (lower case). */
    static String rename(String name)
    {
        return RENAMED.getOrDefault(name, name);
    }

    /** The StarRocks name of a renamed function, for the plan. */
    static String originalName(String name)
    {
        return switch (name) {
            case "sr_round" -> "round";
            case "sr_truncate" -> "truncate";
            case "sr_sign" -> "sign";
            case "sr_regexp_replace" -> "regexp_replace";
            default -> name;
        };
    }

    private static RelDataType divideType(SqlOperatorBinding b)
    {
        RelDataType x = b.getOperandType(0);
        RelDataType y = b.getOperandType(1);
        if (org.apache.calcite.sql.type.SqlTypeUtil.isIntType(x) && org.apache.calcite.sql.type.SqlTypeUtil.isIntType(y)) {
            RelDataType d = b.getTypeFactory().createSqlType(SqlTypeName.DOUBLE);
            return b.getTypeFactory().createTypeWithNullability(d, x.isNullable() || y.isNullable());
        }
        return ReturnTypes.QUOTIENT_NULLABLE.inferReturnType(b);
    }

    /**
     * round/truncate: DECIMAL(p, s) without digits gives DECIMAL(p - s + 1, 0) for round (a carry may add a digit)
     * and DECIMAL(p - s, 0) for truncate; with constant digits d the scale is clamp(d, 0, s); with non-constant
     * digits DECIMAL(38, s). DOUBLE/FLOAT (and strings) give BIGINT without digits and DOUBLE with; integers keep
     * their type. As StarRocks: round(3.14) = 3, round(3.14, 1) = 3.1, round(13.14, -1) = 10.
     */
    private static RelDataType roundType(SqlOperatorBinding b, boolean round)
    {
        RelDataTypeFactory f = b.getTypeFactory();
        RelDataType x = b.getOperandType(0);
        RelDataType t;
        if (x.getSqlTypeName() == SqlTypeName.DECIMAL) {
            int p = x.getPrecision();
            int s = x.getScale();
            int carry = round ? 1 : 0;
            if (b.getOperandCount() == 1) {
                t = f.createSqlType(SqlTypeName.DECIMAL, Math.max(1, Math.min(StarRocksTypeSystem.MAX_PRECISION, p - s + carry)), 0);
            }
            else if (b.isOperandLiteral(1, false) && !b.isOperandNull(1, false)) {
                Integer d = b.getOperandLiteralValue(1, Integer.class);
                int scale = Math.max(0, Math.min(d == null ? s : d, s));
                t = f.createSqlType(SqlTypeName.DECIMAL,
                        Math.max(1, Math.min(StarRocksTypeSystem.MAX_PRECISION, p - s + scale + carry)), scale);
            }
            else {
                t = f.createSqlType(SqlTypeName.DECIMAL, StarRocksTypeSystem.MAX_PRECISION, s);
            }
        }
        else if (org.apache.calcite.sql.type.SqlTypeUtil.isIntType(x) || x.getSqlTypeName() == SqlTypeName.NULL) {
            t = x;
        }
        else {
            t = f.createSqlType(b.getOperandCount() == 1 ? SqlTypeName.BIGINT : SqlTypeName.DOUBLE);
        }
        return nullable(b, t);
    }

    private static SqlFunction fn(String name, SqlReturnTypeInference returnType)
    {
        return new SqlFunction(name.toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION, returnType, null,
                OperandTypes.VARIADIC, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    private static RelDataType nullable(SqlOperatorBinding b, RelDataType t)
    {
        return b.getTypeFactory().createTypeWithNullability(t, true);
    }

    private static RelDataType leastRestrictive(SqlOperatorBinding b)
    {
        RelDataType t = b.getTypeFactory().leastRestrictive(b.collectOperandTypes());
        if (t == null) {
            t = b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR);
        }
        return nullable(b, t);
    }

    private static RelDataType ifType(SqlOperatorBinding b)
    {
        RelDataTypeFactory f = b.getTypeFactory();
        if (b.getOperandCount() != 3) {
            throw new IllegalArgumentException("if() takes 3 arguments");
        }
        RelDataType t = f.leastRestrictive(List.of(b.getOperandType(1), b.getOperandType(2)));
        if (t == null) {
            t = f.createSqlType(SqlTypeName.VARCHAR);
        }
        return nullable(b, t);
    }

    /** DATE stays DATE for day-or-larger units (MySQL); anything else, or a sub-day unit, gives DATETIME. */
    private static RelDataType dateAddType(SqlOperatorBinding b)
    {
        RelDataTypeFactory f = b.getTypeFactory();
        String unit = "DAY";
        if (b.getOperandCount() > 2 && b.isOperandLiteral(2, false)) {
            String u = b.getOperandLiteralValue(2, String.class);
            if (u != null) {
                unit = u.toUpperCase(Locale.ROOT);
            }
        }
        boolean dayOrMore = switch (unit) {
            case "DAY", "WEEK", "MONTH", "QUARTER", "YEAR" -> true;
            default -> false;
        };
        if (b.getOperandType(0).getSqlTypeName() == SqlTypeName.DATE && dayOrMore) {
            return nullable(b, f.createSqlType(SqlTypeName.DATE));
        }
        return nullable(b, f.createSqlType(SqlTypeName.TIMESTAMP, 0));
    }
}
