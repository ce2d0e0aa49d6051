package io.starling.be.operator;

import io.starling.exec.expr.Values;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Interim hash aggregation over boxed rows (plan AggregateNode in AGG_SINGLE mode). Group-by keys and aggregate
 * arguments are input column positions (the fragment executor projects expressions first). Functions: count
 * (no argument = COUNT(*)), sum, min, max, avg, any_value, each optionally DISTINCT; results are converted to the
 * planner's result types (DECIMAL results are rounded half up to the result scale). Without group-by keys one
 * row is produced even for empty input (COUNT = 0, others NULL), as SQL requires.
 */
public final class AggregateOperator extends BufferingOperator
{
    /** One aggregate call over an input column ({@code argColumn} -1 for COUNT(*)). */
    public record Agg(String function, int argColumn, DataType argType, boolean distinct, DataType resultType)
    {
    }

    private final int[] groupBy;
    private final List<Agg> aggs;
    private final Map<List<Object>, State[]> groups = new LinkedHashMap<>();

    public AggregateOperator(String name, List<DataType> outputTypes, int[] groupBy, List<Agg> aggs, MemoryContext ctx)
    {
        super(name, outputTypes, ctx);
        this.groupBy = groupBy.clone();
        this.aggs = List.copyOf(aggs);
        for (Agg a : aggs) {
            switch (a.function()) {
                case "count", "sum", "min", "max", "avg", "any_value" -> {
                }
                default -> throw new IllegalArgumentException("unsupported aggregate function " + a.function());
            }
        }
    }

    /** Running state of one aggregate in one group. */
    private static final class State
    {
        long count;
        BigDecimal exactSum;
        double doubleSum;
        Object best;
        Set<Object> distinct;
    }

    @Override
    protected void consume(List<Object[]> rows)
    {
        for (Object[] row : rows) {
            Object[] key = new Object[groupBy.length];
            for (int i = 0; i < key.length; i++) {
                key[i] = row[groupBy[i]];
            }
            List<Object> k = Arrays.asList(key);
            State[] states = groups.get(k);
            if (states == null) {
                states = newStates();
                groups.put(k, states);
                charge(Rows.estimateBytes(key) + 64L * states.length);
            }
            for (int a = 0; a < aggs.size(); a++) {
                accumulate(aggs.get(a), states[a], row);
            }
        }
    }

    private State[] newStates()
    {
        State[] s = new State[aggs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = new State();
        }
        return s;
    }

    private void accumulate(Agg a, State s, Object[] row)
    {
        if (a.argColumn() < 0) {
            s.count++;
            return;
        }
        Object v = row[a.argColumn()];
        if (v == null) {
            return;
        }
        if (a.distinct()) {
            if (s.distinct == null) {
                s.distinct = new HashSet<>();
            }
            if (!s.distinct.add(v)) {
                return;
            }
            charge(32);
        }
        s.count++;
        switch (a.function()) {
            case "sum", "avg" -> {
                if (v instanceof Double d) {
                    s.doubleSum += d;
                }
                else {
                    BigDecimal x = Values.toBigDecimal(v, a.argType());
                    s.exactSum = s.exactSum == null ? x : s.exactSum.add(x);
                }
            }
            case "min" -> {
                if (s.best == null || Values.compare(v, a.argType(), s.best, a.argType()) < 0) {
                    s.best = v;
                }
            }
            case "max" -> {
                if (s.best == null || Values.compare(v, a.argType(), s.best, a.argType()) > 0) {
                    s.best = v;
                }
            }
            case "any_value" -> {
                if (s.best == null) {
                    s.best = v;
                }
            }
            default -> {
            }
        }
    }

    @Override
    protected List<Object[]> result()
    {
        if (groups.isEmpty() && groupBy.length == 0) {
            groups.put(List.of(), newStates());
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Map.Entry<List<Object>, State[]> e : groups.entrySet()) {
            Object[] row = new Object[groupBy.length + aggs.size()];
            for (int i = 0; i < groupBy.length; i++) {
                row[i] = e.getKey().get(i);
            }
            for (int a = 0; a < aggs.size(); a++) {
                row[groupBy.length + a] = finalValue(aggs.get(a), e.getValue()[a]);
            }
            out.add(row);
        }
        return out;
    }

    private static Object finalValue(Agg a, State s)
    {
        return switch (a.function()) {
            case "count" -> s.count;
            case "sum" -> s.count == 0 ? null : toResult(s.exactSum != null ? s.exactSum : BigDecimal.valueOf(s.doubleSum), s, a.resultType());
            case "avg" -> {
                if (s.count == 0) {
                    yield null;
                }
                if (a.resultType().kind() == TypeKind.DOUBLE || a.resultType().kind() == TypeKind.FLOAT || s.exactSum == null) {
                    double sum = s.exactSum != null ? s.exactSum.doubleValue() : s.doubleSum;
                    yield sum / s.count;
                }
                int scale = a.resultType().isDecimal() ? a.resultType().scale() : 6;
                yield toResult(s.exactSum.divide(BigDecimal.valueOf(s.count), scale, RoundingMode.HALF_UP), s, a.resultType());
            }
            default -> s.best;
        };
    }

    private static Object toResult(BigDecimal v, State s, DataType t)
    {
        return switch (t.kind()) {
            case DOUBLE, FLOAT -> s.exactSum == null ? s.doubleSum : v.doubleValue();
            case DECIMAL -> {
                BigInteger unscaled = v.setScale(t.scale(), RoundingMode.HALF_UP).unscaledValue();
                yield t.precision() <= DataType.MAX_DECIMAL64_PRECISION ? (Object) unscaled.longValueExact() : unscaled;
            }
            case LARGEINT -> v.toBigInteger();
            default -> v.setScale(0, RoundingMode.HALF_UP).longValue();
        };
    }
}
