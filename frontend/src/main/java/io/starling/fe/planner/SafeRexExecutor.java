package io.starling.fe.planner;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The constant folder of the planner's reduce-expression rules and simplifier: folds a literal-only expression with
 * Calcite's executor only when Calcite's semantics provably equal StarRocks' (and so our engine's), and otherwise
 * leaves it for the engine to evaluate at run time, so folding can never change an answer.
 *
 * <p>Calcite evaluates with its own rules, several of which differ from StarRocks: LIKE has no default backslash
 * escape and its {@code _} does not match a newline, string-to-DECIMAL casts truncate instead of rounding half up,
 * invalid dates such as {@code '2024-02-30'} roll over instead of becoming NULL, out-of-range integer casts fail
 * instead of giving NULL, division by zero fails instead of giving NULL. The safe set is therefore a whitelist:
 * <ul>
 * <li>literals; AND, OR, NOT, IS [NOT] NULL/TRUE/FALSE;</li>
 * <li>comparisons of numbers, booleans, dates or datetimes (not strings: collation and implicit conversions);</li>
 * <li>{@code + - *} and unary minus over integers, decimals and floating point (no division or modulo), and
 * date/datetime plus or minus an interval (needed for partition pruning of {@code DATE 'x' - INTERVAL n DAY});</li>
 * <li>casts that cannot lose information or overflow (widening numeric casts by type, or a numeric literal whose
 * value fits the target exactly), DATE to DATETIME, a NULL literal to any type, and a string literal in the
 * canonical {@code yyyy-MM-dd} / {@code yyyy-MM-dd HH:mm:ss[.ffffff]} form of a valid date to DATE/DATETIME.</li>
 * </ul>
 * Everything else is returned unchanged, which the reduce rules treat as "not reducible".
 */
final class SafeRexExecutor
        implements RexExecutor
{
    static final SafeRexExecutor INSTANCE = new SafeRexExecutor();

    private static final Pattern DATE_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATETIME_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?)?");
    private static final DateTimeFormatter STRICT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter STRICT_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]")
            .withResolverStyle(ResolverStyle.STRICT);

    private SafeRexExecutor()
    {
    }

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues)
    {
        List<RexNode> safe = new ArrayList<>();
        for (RexNode e : constExps) {
            if (isSafe(e)) {
                safe.add(e.accept(new WidenIntegerArithmetic(rexBuilder)));
            }
        }
        List<RexNode> reduced = new ArrayList<>();
        if (!safe.isEmpty()) {
            try {
                RexUtil.EXECUTOR.reduce(rexBuilder, safe, reduced);
            }
            catch (RuntimeException e) {
                // e.g. an arithmetic overflow: leave it to the engine, which reports or handles it its own way
                reduced.clear();
            }
        }
        int next = 0;
        for (RexNode e : constExps) {
            if (!reduced.isEmpty() && isSafe(e)) {
                reducedValues.add(reduced.get(next++));
            }
            else {
                reducedValues.add(e);
            }
        }
    }

    /** Whether Calcite's value of the literal-only expression {@code e} equals StarRocks'. */
    static boolean isSafe(RexNode e)
    {
        if (e instanceof RexLiteral) {
            return true;
        }
        if (!(e instanceof RexCall call)) {
            return false;
        }
        for (RexNode operand : call.getOperands()) {
            if (!isSafe(operand)) {
                return false;
            }
        }
        return switch (call.getKind()) {
            case AND, OR, NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE -> true;
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL,
                 IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> call.getOperands().stream()
                    .allMatch(o -> comparable(o.getType())) && sameFamily(call.getOperands());
            case PLUS, MINUS, TIMES, MINUS_PREFIX, PLUS_PREFIX -> arithmetic(call);
            case CAST -> castIsSafe(call.getOperands().get(0), call.getType());
            default -> false;
        };
    }

    private static boolean comparable(RelDataType t)
    {
        return SqlTypeUtil.isNumeric(t) || SqlTypeUtil.isBoolean(t) || isDateOrTimestamp(t)
                || t.getSqlTypeName() == SqlTypeName.NULL;
    }

    private static boolean sameFamily(List<RexNode> operands)
    {
        // numbers compare with numbers, dates with dates: a mixed comparison went through an implicit conversion
        SqlTypeFamily first = null;
        for (RexNode o : operands) {
            RelDataType t = o.getType();
            if (t.getSqlTypeName() == SqlTypeName.NULL) {
                continue;
            }
            SqlTypeFamily f = SqlTypeUtil.isNumeric(t) ? SqlTypeFamily.NUMERIC
                    : SqlTypeUtil.isBoolean(t) ? SqlTypeFamily.BOOLEAN : SqlTypeFamily.DATETIME;
            if (first != null && first != f) {
                return false;
            }
            first = f;
        }
        return true;
    }

    private static boolean arithmetic(RexCall call)
    {
        RelDataType result = call.getType();
        boolean numeric = call.getOperands().stream().allMatch(o -> SqlTypeUtil.isNumeric(o.getType()))
                && SqlTypeUtil.isNumeric(result);
        if (numeric && SqlTypeUtil.isIntType(result)) {
            // Calcite computes INT + INT in int and widens afterwards (2147483647 + 1 = -2147483648), while StarRocks
            // computes in the wider result type: reduce() first casts the operands (WidenIntegerArithmetic)
            return true;
        }
        return numeric || datetimeArithmetic(call);
    }

    private static boolean datetimeArithmetic(RexCall call)
    {
        if (!isDateOrTimestamp(call.getType()) || call.getOperands().size() != 2) {
            return false;
        }
        RelDataType a = call.getOperands().get(0).getType();
        RelDataType b = call.getOperands().get(1).getType();
        return isDateOrTimestamp(a) && SqlTypeUtil.isInterval(b) || SqlTypeUtil.isInterval(a) && isDateOrTimestamp(b);
    }

    private static boolean isDateOrTimestamp(RelDataType t)
    {
        SqlTypeName n = t.getSqlTypeName();
        return n == SqlTypeName.DATE || n == SqlTypeName.TIMESTAMP;
    }

    private static boolean castIsSafe(RexNode operand, RelDataType target)
    {
        RelDataType source = operand.getType();
        SqlTypeName from = source.getSqlTypeName();
        SqlTypeName to = target.getSqlTypeName();
        if (operand instanceof RexLiteral lit && lit.isNull()) {
            return true;
        }
        if (from == to && source.getPrecision() == target.getPrecision() && source.getScale() == target.getScale()) {
            return true;
        }
        if (SqlTypeUtil.isExactNumeric(source) && SqlTypeUtil.isExactNumeric(target)) {
            if (operand instanceof RexLiteral lit) {
                return fitsExactly(lit.getValueAs(BigDecimal.class), target);
            }
            if (SqlTypeUtil.isIntType(source) && SqlTypeUtil.isIntType(target)) {
                return integerDigits(source) <= integerDigits(target);
            }
            // an integer type holds only part of its last digit's range (INT: 2147483647 < 9999999999)
            int room = SqlTypeUtil.isIntType(target) ? integerDigits(target) - 1 : integerDigits(target);
            return integerDigits(source) <= room && scale(source) <= scale(target);
        }
        if (SqlTypeUtil.isIntType(source) && (to == SqlTypeName.DOUBLE || to == SqlTypeName.FLOAT
                || to == SqlTypeName.REAL)) {
            return true;
        }
        if (from == SqlTypeName.DATE && to == SqlTypeName.TIMESTAMP) {
            return true;
        }
        if (SqlTypeUtil.isCharacter(source) && operand instanceof RexLiteral lit && isDateOrTimestamp(target)) {
            return canonicalDate(lit.getValueAs(String.class), to == SqlTypeName.DATE);
        }
        return false;
    }

    /** Whether {@code text} is a valid date (or datetime) in the one spelling Calcite and StarRocks read alike. */
    static boolean canonicalDate(String text, boolean dateOnly)
    {
        if (text == null || !(dateOnly ? DATE_TEXT : DATETIME_TEXT).matcher(text).matches()) {
            return false;
        }
        try {
            if (dateOnly || text.length() == "yyyy-MM-dd".length()) {
                LocalDate.parse(text, STRICT_DATE);
            }
            else {
                String padded = text.length() == "yyyy-MM-dd HH:mm:ss".length() ? text
                        : (text + "000000").substring(0, "yyyy-MM-dd HH:mm:ss.ffffff".length());
                LocalDateTime.parse(padded, STRICT_DATETIME);
            }
            return true;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean fitsExactly(BigDecimal value, RelDataType target)
    {
        if (value == null) {
            return true;
        }
        int scale = scale(target);
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > scale) {
            return false;
        }
        if (target.getSqlTypeName() == SqlTypeName.DECIMAL) {
            return stripped.precision() - stripped.scale() <= target.getPrecision() - scale;
        }
        long min = switch (target.getSqlTypeName()) {
            case TINYINT -> Byte.MIN_VALUE;
            case SMALLINT -> Short.MIN_VALUE;
            case INTEGER -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
        long max = switch (target.getSqlTypeName()) {
            case TINYINT -> Byte.MAX_VALUE;
            case SMALLINT -> Short.MAX_VALUE;
            case INTEGER -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
        return stripped.compareTo(BigDecimal.valueOf(min)) >= 0 && stripped.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    /** Decimal digits before the point that every value of the exact type {@code t} fits in. */
    private static int integerDigits(RelDataType t)
    {
        return switch (t.getSqlTypeName()) {
            // 127, 32767, 2147483647, 9223372036854775807: the digit counts of each integer type's range
            case TINYINT -> 3;
            case SMALLINT -> 5;
            case INTEGER -> 10;
            case BIGINT -> 19;
            default -> t.getPrecision() - t.getScale();
        };
    }

    private static int scale(RelDataType t)
    {
        return t.getSqlTypeName() == SqlTypeName.DECIMAL ? t.getScale() : 0;
    }
}
