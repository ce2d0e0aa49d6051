package io.starling.be.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.expr.Values;
import io.starling.rpc.proto.JoinType;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Probe side of the interim hash join: parks until the shared {@link JoinTable} is built, then joins each probe
 * batch. Supports every {@link JoinType}: INNER, LEFT/RIGHT/FULL OUTER (unmatched build rows are emitted after the
 * last probe batch; RIGHT/FULL run with a single probe driver), LEFT SEMI/ANTI, CROSS (no keys) and
 * NULL_AWARE_LEFT_ANTI (NOT IN: a NULL probe key or a NULL build key makes a non-matching row unknown, so it is
 * dropped; an empty build side keeps every row). The optional other condition is evaluated over probe ++ build.
 */
public final class JoinProbeOperator implements PipelineOperator
{
    private final String name;
    private final JoinTable table;
    private final JoinType type;
    private final List<Expression> probeKeys;
    private final Expression otherCondition;
    private final List<DataType> leftTypes;
    private final List<DataType> rightTypes;
    private final List<DataType> outputTypes;
    private final MemoryContext ctx;
    private final List<Object[]> out = new ArrayList<>();
    private int outNext;
    private boolean finishing;
    private boolean tailEmitted;

    public JoinProbeOperator(String name, JoinTable table, JoinType type, List<Expression> probeKeys, Expression otherCondition,
            List<DataType> leftTypes, List<DataType> rightTypes, MemoryContext ctx)
    {
        this.name = name;
        this.table = table;
        this.type = type;
        this.probeKeys = List.copyOf(probeKeys);
        this.otherCondition = otherCondition;
        this.leftTypes = List.copyOf(leftTypes);
        this.rightTypes = List.copyOf(rightTypes);
        List<DataType> o = new ArrayList<>(leftTypes);
        if (!leftOnly(type)) {
            o.addAll(rightTypes);
        }
        this.outputTypes = List.copyOf(o);
        this.ctx = ctx;
    }

    static boolean leftOnly(JoinType t)
    {
        return t == JoinType.JOIN_LEFT_SEMI || t == JoinType.JOIN_LEFT_ANTI || t == JoinType.JOIN_NULL_AWARE_LEFT_ANTI;
    }

    public List<DataType> outputTypes()
    {
        return outputTypes;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public boolean needsInput()
    {
        return table.ready().isDone() && !finishing && outNext >= out.size();
    }

    @Override
    public CompletableFuture<?> blockedOn()
    {
        return table.ready();
    }

    @Override
    public void push(ColumnBatch batch)
    {
        out.clear();
        outNext = 0;
        try (batch) {
            List<Object[]> left = Rows.read(batch);
            List<Object[]> keys = evaluateKeys(probeKeys, batch, ctx);
            for (int i = 0; i < left.size(); i++) {
                probeRow(left.get(i), keys.get(i));
            }
        }
    }

    private void probeRow(Object[] l, Object[] key)
    {
        List<Object> k = Arrays.asList(key);
        List<Integer> candidates = table.lookup(k);
        List<Integer> matches = otherCondition == null ? candidates : filterByCondition(l, candidates);
        switch (type) {
            case JOIN_INNER, JOIN_CROSS -> {
                for (int id : matches) {
                    out.add(concat(l, table.row(id)));
                }
            }
            case JOIN_LEFT_OUTER, JOIN_FULL_OUTER, JOIN_RIGHT_OUTER -> {
                for (int id : matches) {
                    table.markMatched(id);
                    out.add(concat(l, table.row(id)));
                }
                if (matches.isEmpty() && type != JoinType.JOIN_RIGHT_OUTER) {
                    out.add(concat(l, new Object[rightTypes.size()]));
                }
            }
            case JOIN_LEFT_SEMI -> {
                if (!matches.isEmpty()) {
                    out.add(l);
                }
            }
            case JOIN_LEFT_ANTI -> {
                if (matches.isEmpty()) {
                    out.add(l);
                }
            }
            case JOIN_NULL_AWARE_LEFT_ANTI -> {
                if (table.size() == 0) {
                    out.add(l);
                }
                else if (matches.isEmpty() && !k.contains(null) && !table.hasNullKey()) {
                    out.add(l);
                }
            }
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown join type");
        }
    }

    private List<Integer> filterByCondition(Object[] l, List<Integer> candidates)
    {
        if (candidates.isEmpty()) {
            return candidates;
        }
        List<Object[]> pairs = new ArrayList<>(candidates.size());
        for (int id : candidates) {
            pairs.add(concat(l, table.row(id)));
        }
        List<DataType> both = new ArrayList<>(leftTypes);
        both.addAll(rightTypes);
        List<Integer> keep = new ArrayList<>();
        try (ColumnBatch b = Rows.write(pairs, 0, pairs.size(), both, ctx);
                ColumnVector pass = otherCondition.evaluate(b, ctx)) {
            for (int i = 0; i < pairs.size(); i++) {
                if (!pass.isNull(i) && pass.getBoolean(i)) {
                    keep.add(candidates.get(i));
                }
            }
        }
        return keep;
    }

    private static Object[] concat(Object[] a, Object[] b)
    {
        Object[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Boxed key tuples of the logical rows of a batch. */
    static List<Object[]> evaluateKeys(List<Expression> keys, ColumnBatch batch, MemoryContext ctx)
    {
        List<Object[]> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new Object[keys.size()]);
        }
        for (int k = 0; k < keys.size(); k++) {
            try (ColumnVector v = keys.get(k).evaluate(batch, ctx)) {
                for (int i = 0; i < batch.size(); i++) {
                    out.get(i)[k] = Values.read(v, batch.position(i));
                }
            }
        }
        return out;
    }

    @Override
    public ColumnBatch pull()
    {
        if (outNext >= out.size()) {
            if (finishing && !tailEmitted) {
                tailEmitted = true;
                emitUnmatchedBuildRows();
            }
            if (outNext >= out.size()) {
                return null;
            }
        }
        int to = Math.min(out.size(), outNext + ColumnBatch.MAX_ROWS);
        ColumnBatch b = Rows.write(out, outNext, to, outputTypes, ctx);
        outNext = to;
        return b;
    }

    private void emitUnmatchedBuildRows()
    {
        out.clear();
        outNext = 0;
        if (type != JoinType.JOIN_RIGHT_OUTER && type != JoinType.JOIN_FULL_OUTER) {
            return;
        }
        for (int id = 0; id < table.size(); id++) {
            if (!table.isMatched(id)) {
                out.add(concat(new Object[leftTypes.size()], table.row(id)));
            }
        }
    }

    @Override
    public void finish()
    {
        finishing = true;
    }

    @Override
    public boolean isFinished()
    {
        return finishing && tailEmitted && outNext >= out.size();
    }

    @Override
    public void close()
    {
        out.clear();
    }
}
