package io.starling.exec.operator.agg;

import io.starling.exec.expr.Expression;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * One aggregate of a hash aggregation: function, arguments (none for {@code COUNT(*)}), DISTINCT, an optional
 * FILTER predicate, the mode and the result type the planner derived with StarRocks' rules (for example
 * {@code SUM(int) -> bigint}, {@code SUM(decimal(p,s)) -> decimal(38,s)}, {@code SUM(double) -> double},
 * {@code AVG(int) -> double}, {@code MIN/MAX(x) -> type of x}, variances -> double). A {@link AggregateMode#PARTIAL}
 * call's result type is {@link #STATE_TYPE}.
 *
 * @param distinct DISTINCT for SUM and AVG (COUNT uses {@link AggregateKind#COUNT_DISTINCT}; MIN/MAX ignore it)
 * @param filter   boolean predicate over the input row; only rows where it is TRUE are aggregated; null = all rows
 */
public record AggregateCall(AggregateKind kind, List<Expression> arguments, DataType resultType, boolean distinct,
                            Expression filter, AggregateMode mode)
{
    /** Type of a serialized partial state column: VARCHAR holding opaque bytes, never shown to clients. */
    public static final DataType STATE_TYPE = DataType.varchar(DataType.MAX_VARCHAR_LENGTH);

    public AggregateCall
    {
        arguments = List.copyOf(arguments);
        if ((kind == AggregateKind.COUNT_STAR) != arguments.isEmpty()) {
            throw new IllegalArgumentException(kind + (arguments.isEmpty() ? " needs an argument" : " takes no argument"));
        }
        if (mode != AggregateMode.SINGLE && !kind.stateful()) {
            throw new IllegalArgumentException(kind + " has no serialized state; split it into plain calls");
        }
        if (mode == AggregateMode.FINAL && arguments.size() != 1) {
            throw new IllegalArgumentException("a FINAL call reads exactly one state column");
        }
    }

    /** A single-phase call with one argument (null for {@code COUNT(*)}), no DISTINCT and no filter. */
    public AggregateCall(AggregateKind kind, Expression argument, DataType resultType)
    {
        this(kind, argument == null ? List.of() : List.of(argument), resultType, false, null, AggregateMode.SINGLE);
    }

    /** {@code COUNT(*)}. */
    public static AggregateCall countStar()
    {
        return new AggregateCall(AggregateKind.COUNT_STAR, null, DataType.BIGINT);
    }

    /** The first argument, or null for {@code COUNT(*)}. */
    public Expression argument()
    {
        return arguments.isEmpty() ? null : arguments.get(0);
    }

    /** The same call with another mode, arguments and result type (for the planner's two-phase split). */
    public AggregateCall withMode(AggregateMode newMode, List<Expression> newArguments, DataType newResultType)
    {
        return new AggregateCall(kind, newArguments, newResultType, distinct, newMode == AggregateMode.FINAL ? null : filter, newMode);
    }
}
