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
import io.starling.exec.operator.agg.AggregateMode;
import io.starling.exec.operator.agg.RepeatOperator;
import io.starling.exec.operator.Operator;
import io.starling.rpc.proto.RepeatNode;
import io.starling.rpc.proto.RepeatSet;
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
 * driver and a final one after the gather ({@link #twoPhase}); also the {@link RepeatNode} of GROUPING SETS
 * ({@link #repeat}). Both return null for what the exec operator does not support; the fragment executor then falls
 * back (two-phase → single phase → the interim row-at-a-time operator).
 *
 * <p>Mapping (StarRocks names and aliases): {@code count()} → COUNT_STAR, {@code count(x)} → COUNT,
 * {@code count(distinct x, ...)} → COUNT_DISTINCT, {@code sum/avg([distinct] x)} → SUM/AVG, {@code min/max(x)}
 * (DISTINCT changes nothing) → MIN/MAX, {@code any_value(x)} → MIN (any value of the group is a correct answer;
 * MIN is a deterministic one), {@code variance/var_pop/variance_pop}, {@code var_samp/variance_samp},
 * {@code std/stddev/stddev_pop}, {@code stddev_samp}, {@code group_concat}, {@code approx_count_distinct/ndv},
 * {@code percentile_approx}, {@code percentile_cont}, {@code percentile_disc}, {@code max_by}, {@code min_by}. An
 * AggCall's {@code filter} becomes the call's FILTER predicate.
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
            List<Expression> args = kind == AggregateKind.COUNT_STAR ? List.of() : t.translateAll(call.getArgsList());
            boolean distinct = call.getDistinct() && (kind == AggregateKind.SUM || kind == AggregateKind.AVG
                    || kind == AggregateKind.GROUP_CONCAT);
            Expression filter = call.hasFilter() ? t.translate(call.getFilter()) : null;
            out.add(new AggregateCall(kind, args, result, distinct, filter, AggregateMode.SINGLE));
        }
        return out;
    }

    private static AggregateKind kind(AggCall call)
    {
        String fn = call.getFunction().toLowerCase(Locale.ROOT);
        int args = call.getArgsCount();
        if (fn.equals("count")) {
            if (args == 0) {
                return AggregateKind.COUNT_STAR;
            }
            return call.getDistinct() ? AggregateKind.COUNT_DISTINCT : args == 1 ? AggregateKind.COUNT : null;
        }
        AggregateKind kind = switch (fn) {
            case "sum" -> AggregateKind.SUM;
            case "avg" -> AggregateKind.AVG;
            case "min", "any_value" -> AggregateKind.MIN;
            case "max" -> AggregateKind.MAX;
            case "variance", "var_pop", "variance_pop" -> AggregateKind.VARIANCE_POP;
            case "var_samp", "variance_samp" -> AggregateKind.VARIANCE_SAMP;
            case "std", "stddev", "stddev_pop" -> AggregateKind.STDDEV_POP;
            case "stddev_samp" -> AggregateKind.STDDEV_SAMP;
            case "approx_count_distinct", "ndv" -> AggregateKind.APPROX_COUNT_DISTINCT;
            case "group_concat" -> AggregateKind.GROUP_CONCAT;
            case "percentile_approx" -> AggregateKind.PERCENTILE_APPROX;
            case "percentile_cont" -> AggregateKind.PERCENTILE_CONT;
            case "percentile_disc" -> AggregateKind.PERCENTILE_DISC;
            case "max_by" -> AggregateKind.MAX_BY;
            case "min_by" -> AggregateKind.MIN_BY;
            case "single_value" -> AggregateKind.SINGLE_VALUE;
            case "bitmap_union" -> AggregateKind.BITMAP_UNION;
            case "bitmap_union_count" -> AggregateKind.BITMAP_UNION_COUNT;
            case "bitmap_intersect" -> AggregateKind.BITMAP_INTERSECT;
            case "bitmap_agg" -> AggregateKind.BITMAP_AGG;
            case "bitmap_union_int" -> AggregateKind.BITMAP_UNION_INT;
            case "hll_union", "hll_raw_agg" -> AggregateKind.HLL_UNION;
            case "hll_union_agg" -> AggregateKind.HLL_UNION_AGG;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        int expected = switch (kind) {
            case GROUP_CONCAT -> args >= 1 ? args : -1;
            case PERCENTILE_APPROX -> args == 2 || args == 3 ? args : -1;
            case PERCENTILE_CONT, PERCENTILE_DISC, MAX_BY, MIN_BY -> 2;
            default -> 1;
        };
        return args == expected ? kind : null;
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
            if (call.kind().stateful()) {
                // GROUP_CONCAT(DISTINCT) merges its seen values; the other stateful kinds have no DISTINCT form
                partial.add(call.withMode(AggregateMode.PARTIAL, call.arguments(), AggregateCall.STATE_TYPE));
                fin.add(call.withMode(AggregateMode.FINAL, List.of(new ColumnRef(state, AggregateCall.STATE_TYPE)), result));
                projection.add(new ColumnRef(keys + fin.size() - 1, result));
                continue;
            }
            if (call.distinct()) {
                return null;
            }
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
                    partial.add(new AggregateCall(AggregateKind.SUM, List.of(call.argument()), sumType, false, call.filter(), AggregateMode.SINGLE));
                    partial.add(new AggregateCall(AggregateKind.COUNT, List.of(call.argument()), DataType.BIGINT, false, call.filter(), AggregateMode.SINGLE));
                    fin.add(new AggregateCall(AggregateKind.SUM, new ColumnRef(state, sumType), sumType));
                    fin.add(new AggregateCall(AggregateKind.SUM, new ColumnRef(state + 1, DataType.BIGINT), DataType.BIGINT));
                    int sumColumn = keys + fin.size() - 2;
                    projection.add(new AvgMergeExpr(sumColumn, sumType, sumColumn + 1, argType.isDecimal() ? argType.scale() : 0, result));
                    needsProjection = true;
                }
                default -> {
                    // COUNT_DISTINCT: the distinct sets do not split
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

    /** The exec operator of a {@link RepeatNode} over input columns of {@code inputTypes}. */
    static Operator repeat(OperatorContext context, RepeatNode r, List<DataType> inputTypes)
    {
        List<RepeatOperator.RepeatSet> sets = new ArrayList<>();
        for (RepeatSet s : r.getSetsList()) {
            sets.add(new RepeatOperator.RepeatSet(s.getNullColumnsList().stream().mapToInt(Integer::intValue).toArray(),
                    s.getValuesList().stream().mapToLong(Long::longValue).toArray()));
        }
        return new RepeatOperator(context, inputTypes, sets, r.getValueColumns());
    }

    /** A {@link RepeatNode}'s output: the input columns, then its BIGINT value columns. */
    static List<DataType> repeatOutputTypes(List<DataType> inputTypes, RepeatNode r)
    {
        List<DataType> out = new ArrayList<>(inputTypes);
        for (int i = 0; i < r.getValueColumns(); i++) {
            out.add(DataType.BIGINT);
        }
        return out;
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
