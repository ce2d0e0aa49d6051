package io.starling.exec.operator.agg;

import io.starling.exec.expr.Expression;
import io.starling.storage.types.DataType;

/**
 * One aggregate of a hash aggregation: function, argument (null for {@code COUNT(*)}) and the result type the
 * planner derived with StarRocks' rules (for example {@code SUM(int) -> bigint}, {@code SUM(decimal(p,s)) ->
 * decimal(38,s)}, {@code SUM(double) -> double}, {@code AVG(int) -> double}, {@code MIN/MAX(x) -> type of x}).
 */
public record AggregateCall(AggregateKind kind, Expression argument, DataType resultType)
{
    public AggregateCall
    {
        if ((kind == AggregateKind.COUNT_STAR) != (argument == null)) {
            throw new IllegalArgumentException(kind + (argument == null ? " needs an argument" : " takes no argument"));
        }
    }

    /** {@code COUNT(*)}. */
    public static AggregateCall countStar()
    {
        return new AggregateCall(AggregateKind.COUNT_STAR, null, DataType.BIGINT);
    }
}
