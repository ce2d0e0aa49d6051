package io.starling.fe.planner;

import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

import java.math.BigDecimal;

/**
 * Removes a widening cast from an integer column in a comparison with a constant that fits the column's own type:
 * {@code CAST(int_col AS LARGEINT) > 7} becomes {@code int_col > 7}. StarRocks' integer arithmetic widens
 * ({@code 1 + 2 * 3} is wider than INT), so a folded constant can drag a cast onto the column; the bare column keeps
 * zonemap pruning and the scan's filter kernels, which only see {@code column op literal}. A constant that does not
 * fit (or has a fraction) leaves the comparison as it is.
 */
final class CastUnwrapper
{
    private CastUnwrapper()
    {
    }

    /** The conjunct with the cast removed when that is exact, else the conjunct itself. */
    static RexNode unwrap(RexBuilder rexBuilder, RexNode conjunct)
    {
        if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2 || !isComparison(call.getKind())) {
            return conjunct;
        }
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        RexInputRef col = castColumn(a);
        if (col != null && b instanceof RexLiteral lit) {
            RexNode narrowed = narrowed(rexBuilder, lit, col);
            return narrowed == null ? conjunct : rexBuilder.makeCall(call.getOperator(), col, narrowed);
        }
        col = castColumn(b);
        if (col != null && a instanceof RexLiteral lit) {
            RexNode narrowed = narrowed(rexBuilder, lit, col);
            return narrowed == null ? conjunct : rexBuilder.makeCall(call.getOperator(), narrowed, col);
        }
        return conjunct;
    }

    private static boolean isComparison(SqlKind kind)
    {
        return switch (kind) {
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> true;
            default -> false;
        };
    }

    /** The integer column under a widening cast to an integer (or scale-0 decimal) type, or null. */
    private static RexInputRef castColumn(RexNode n)
    {
        if (n.getKind() != SqlKind.CAST || !(((RexCall) n).getOperands().get(0) instanceof RexInputRef ref)) {
            return null;
        }
        SqlTypeName to = n.getType().getSqlTypeName();
        boolean integerTarget = SqlTypeName.INT_TYPES.contains(to) || (to == SqlTypeName.DECIMAL && n.getType().getScale() == 0);
        return integerTarget && SqlTypeName.INT_TYPES.contains(ref.getType().getSqlTypeName()) ? ref : null;
    }

    /** The literal as a value of the column's type if it is an integer within that type's range, else null. */
    private static RexNode narrowed(RexBuilder rexBuilder, RexLiteral lit, RexInputRef col)
    {
        BigDecimal v = lit.getValueAs(BigDecimal.class);
        if (v == null || v.stripTrailingZeros().scale() > 0) {
            return null;
        }
        long min;
        long max;
        switch (col.getType().getSqlTypeName()) {
            case TINYINT -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
            case SMALLINT -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case INTEGER -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> { min = Long.MIN_VALUE; max = Long.MAX_VALUE; }
        }
        if (v.compareTo(BigDecimal.valueOf(min)) < 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            return null;
        }
        return rexBuilder.makeExactLiteral(v, col.getType());
    }
}
