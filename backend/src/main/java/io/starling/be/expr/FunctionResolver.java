package io.starling.be.expr;

import io.starling.exec.expr.Expression;
import io.starling.exec.expr.FunctionResolutionException;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * Builds expressions for function names and for the conditional/pattern operators whose node classes live in the
 * expression package. The default implementation adapts the expression helper's registry; see
 * {@link ExpressionFactories}.
 */
public interface FunctionResolver
{
    /** A StarRocks function (lower-case name) with already translated arguments and the planner's result type. */
    Expression resolve(String name, List<Expression> args, DataType resultType);

    /** like, not_like, case, if, ifnull, nullif, coalesce. */
    Expression resolveSpecial(String name, List<Expression> args, DataType resultType, boolean hasCaseOperand);

    /** Resolver backed by the expression package. */
    FunctionResolver DEFAULT = new ExpressionFactories();

    /** A resolver that knows no functions (tests). */
    FunctionResolver NONE = new FunctionResolver()
    {
        @Override
        public Expression resolve(String name, List<Expression> args, DataType resultType)
        {
            throw new FunctionResolutionException("Unknown function '" + name + "'");
        }

        @Override
        public Expression resolveSpecial(String name, List<Expression> args, DataType resultType, boolean hasCaseOperand)
        {
            throw new FunctionResolutionException("Unknown function '" + name + "'");
        }
    };
}
