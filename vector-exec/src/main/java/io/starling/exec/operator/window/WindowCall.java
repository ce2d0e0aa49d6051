package io.starling.exec.operator.window;

import io.starling.exec.expr.Expression;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * One window function of a {@link WindowOperator}: its kind, its arguments (expressions over the operator's
 * input), its result type (computed by the planner with StarRocks' rules) and its frame.
 *
 * <p>Arguments by kind: NTILE(n) with n a constant; LAG/LEAD(value[, offset constant[, default]]), the default
 * already of the result type; FIRST_VALUE/LAST_VALUE(value); SUM/AVG/MIN/MAX(value); COUNT() is COUNT(*), COUNT(value)
 * counts non-null values; the ranking functions take none.
 *
 * @param ignoreNulls FIRST_VALUE/LAST_VALUE ... IGNORE NULLS
 */
public record WindowCall(WindowFunctionKind kind, List<Expression> args, DataType resultType, WindowFrame frame,
        boolean ignoreNulls)
{
    public WindowCall
    {
        args = List.copyOf(args);
    }
}
