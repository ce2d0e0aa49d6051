package io.starling.fe.planner;

import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.type.SqlTypeUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * Casts the operands of integer {@code +}, {@code -} and {@code *} to the call's wider result type (StarRocks
 * widens INT + INT to BIGINT, BIGINT + BIGINT to LARGEINT), so that Calcite's constant folding computes in the
 * result type, as the backend does, instead of in the operand type and wrapping.
 */
final class WidenIntegerArithmetic
        extends RexShuttle
{
    private final RexBuilder rexBuilder;

    WidenIntegerArithmetic(RexBuilder rexBuilder)
    {
        this.rexBuilder = rexBuilder;
    }

    @Override
    public RexNode visitCall(RexCall call)
    {
        RexCall c = (RexCall) super.visitCall(call);
        switch (c.getKind()) {
            case PLUS, MINUS, TIMES -> {
                if (c.getOperands().stream().allMatch(o -> SqlTypeUtil.isIntType(o.getType()))
                        && SqlTypeUtil.isExactNumeric(c.getType())) {
                    List<RexNode> ops = new ArrayList<>();
                    boolean changed = false;
                    for (RexNode o : c.getOperands()) {
                        if (o.getType().getSqlTypeName() != c.getType().getSqlTypeName()) {
                            ops.add(rexBuilder.makeCast(rexBuilder.getTypeFactory().createTypeWithNullability(
                                    c.getType(), o.getType().isNullable()), o));
                            changed = true;
                        }
                        else {
                            ops.add(o);
                        }
                    }
                    return changed ? c.clone(c.getType(), ops) : c;
                }
                return c;
            }
            default -> {
                return c;
            }
        }
    }
}
