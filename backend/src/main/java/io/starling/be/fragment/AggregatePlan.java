package io.starling.be.fragment;

import io.starling.be.expr.AvgMergeExpr;
import io.starling.be.expr.ExprTranslator;
import io.starling.be.expr.ProtoTypes;
import io.starling.exec.expr.ColumnRef;
import io.starling.exec.expr.Expression;
import io.starling.exec.operator.HashAggregateOperator;
import io.starling.exec.operator.OperatorContext;
import io.starling.exec.operator.agg.AggregateCall;
import io.starling.exec.operator.agg.AggregateKind;
import io.starling.rpc.proto.AggCall;
import io.starling.rpc.proto.AggregateNode;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an {@link AggregateNode} runs on the vectorized {@link HashAggregateOperator}: the plan's {@link AggCall}s as
 * exec {@link AggregateCall}s ({@link #single}) and, for a parallel input, their split into a partial aggregation per
 * driver and a final one after the gather ({@link #twoPhase}). Both return null for what the exec operator does not
 * support; the fragment executor then falls back (two-phase → single phase → the interim row-at-a-time operator).
 *
 * <p>Mapping: {@code count()} → COUNT_STAR, {@code count(x)} → COUNT, {@code count(distinct x)} → COUNT_DISTINCT,
 * {@code sum/avg(x)} → SUM/AVG, {@code min/max(x)} (DISTINCT changes nothing) → MIN/MAX, {@code any_value(x)} →
 * MIN (any value of the group is a correct answer; MIN is a deterministic one). Not mapped: SUM/AVG(DISTINCT x) and
 * COUNT(DISTINCT x, y).
 */
final class AggregatePlan
{
    /** The partial and final halves of a two-phase aggregation. */
    record TwoPhase(List<AggregateCall> partial, List<Expression> finalKeys, List<AggregateCall> fin, List<Expression> projection)
    {
    }

    private AggregatePlan()
    {
    }

    /** Single-phase calls over the aggregate's input, or null if one of them needs the interim operator. */
    static List<AggregateCall> single(AggregateNode a, ExprTranslator t)
    {
        List<AggregateCall> out = new ArrayList<>();
        for (AggCall call : a.getAggsList()) {
            AggregateKind kind = kind(call);
            if (kind == null) {
                return null;
            }
            DataType result = ProtoTypes.toDataType(call.getResultType());
            Expression arg = kind == AggregateKind.COUNT_STAR ? null : t.translate(call.getArgs(0));
            out.add(new AggregateCall(kind, arg, result));
        }
        return out;
    }

    private static AggregateKind kind(AggCall call)
    {
        String fn = call.getFunction().toLowerCase(Locale.ROOT);
        int args = call.getArgsCount();
        if (fn.equals("count")) {
            return switch (args) {
                case 0 -> AggregateKind.COUNT_STAR;
                case 1 -> call.getDistinct() ? AggregateKind.COUNT_DISTINCT : AggregateKind.COUNT;
                default -> null;
            };
        }
        if (args != 1) {
            return null;
        }
        return switch (fn) {
            case "sum" -> call.getDistinct() ? null : AggregateKind.SUM;
            case "avg" -> call.getDistinct() ? null : AggregateKind.AVG;
            case "min", "any_value" -> AggregateKind.MIN;
            case "max" -> AggregateKind.MAX;
            default -> null;
        };
    }

    /**
     * Splits single-phase calls into partial (per driver, over the input rows) and final (over the gathered partial
     * rows: group keys first, then the partial states) aggregations: COUNT and COUNT(*) merge as SUM of counts, SUM
     * as SUM, MIN/MAX as MIN/MAX, AVG as a SUM and a COUNT carried separately and divided by {@link AvgMergeExpr}
     * in a projection after the final aggregation. Null when a call does not split (COUNT DISTINCT, AVG of a
     * non-numeric type).
     *
     * @param keyTypes types of the group-by expressions
     */
    static TwoPhase twoPhase(List<AggregateCall> calls, List<DataType> keyTypes)
    {
        int keys = keyTypes.size();
        List<AggregateCall> partial = new ArrayList<>();
        List<AggregateCall> fin = new ArrayList<>();
        List<Expression> projection = new ArrayList<>();
        List<Expression> finalKeys = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            finalKeys.add(new ColumnRef(k, keyTypes.get(k)));
            projection.add(new ColumnRef(k, keyTypes.get(k)));
        }
        boolean needsProjection = false;
        for (AggregateCall call : calls) {
            int state = keys + partial.size();
            DataType result = call.resultType();
            switch (call.kind()) {
                case COUNT_STAR, COUNT -> {
                    partial.add(call);
                    fin.add(new AggregateCall(AggregateKind.SUM, new ColumnRef(state, DataType.BIGINT), result));
                    projection.add(new ColumnRef(keys + fin.size() - 1, result));
                }
                case SUM, MIN, MAX -> {
                    partial.add(call);
                    fin.add(new AggregateCall(call.kind(), new ColumnRef(state, result), result));
                    projection.add(new ColumnRef(keys + fin.size() - 1, result));
                }
                case AVG -> {
                    DataType argType = call.argument().type();
                    DataType sumType = avgSumType(argType);
                    if (sumType == null) {
                        return null;
                    }
                    partial.add(new AggregateCall(AggregateKind.SUM, call.argument(), sumType));
                    partial.add(new AggregateCall(AggregateKind.COUNT, call.argument(), DataType.BIGINT));
                    fin.add(new AggregateCall(AggregateKind.SUM, new ColumnRef(state, sumType), sumType));
                    fin.add(new AggregateCall(AggregateKind.SUM, new ColumnRef(state + 1, DataType.BIGINT), DataType.BIGINT));
                    int sumColumn = keys + fin.size() - 2;
                    projection.add(new AvgMergeExpr(sumColumn, sumType, sumColumn + 1, argType.isDecimal() ? argType.scale() : 0, result));
                    needsProjection = true;
                }
                case COUNT_DISTINCT -> {
                    return null;
                }
            }
        }
        return new TwoPhase(partial, finalKeys, fin, needsProjection ? projection : null);
    }

    /** Type of the exact running sum of an AVG argument (as the single-phase accumulator keeps it), or null. */
    private static DataType avgSumType(DataType arg)
    {
        TypeKind k = arg.kind();
        if (k == TypeKind.FLOAT || k == TypeKind.DOUBLE) {
            return DataType.DOUBLE;
        }
        if (k == TypeKind.DECIMAL) {
            return DataType.decimal(DataType.MAX_DECIMAL_PRECISION, arg.scale());
        }
        if (k.isInteger()) {
            return DataType.LARGEINT;
        }
        return null;
    }

    /**
     * Whether the exec operator accepts these keys and calls (it validates argument/result type pairs in its
     * constructor): builds one and closes it at once, under a throwaway memory context.
     */
    static boolean supported(List<Expression> keys, List<AggregateCall> calls, MemoryContext query)
    {
        OperatorContext probe = new OperatorContext("aggregate-check", query);
        try {
            new HashAggregateOperator(probe, keys, calls).close();
            return true;
        }
        catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
        finally {
            probe.close();
        }
    }
}
