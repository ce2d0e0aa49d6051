package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.hash.GroupByHashTable;
import io.starling.exec.hash.MemoryAccount;
import io.starling.exec.operator.agg.Accumulator;
import io.starling.exec.operator.agg.AggregateCall;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GROUP BY with aggregates, in one phase (input rows in, one row per group out). A blocking operator: it
 * consumes all input, then emits the groups in first-seen order, {@link ColumnBatch#MAX_ROWS} per batch.
 *
 * <p>Output columns: the group-by expressions' values, then one column per {@link AggregateCall} of its
 * result type. Without GROUP BY there is exactly one output row, also for empty input ({@code COUNT(*) = 0},
 * other aggregates NULL). Group keys go through a {@link GroupByHashTable} (primitive open addressing for one
 * fixed-width key, serialized keys otherwise); aggregate state lives in {@link Accumulator}s. All state is
 * accounted to the operator's memory context, so a query over its limit fails with
 * {@link io.starling.storage.memory.MemoryLimitExceededException}.
 *
 * <p>Each {@link AggregateCall} may carry a FILTER predicate (only rows where it is TRUE reach that aggregate:
 * how Calcite plans EXCEPT/INTERSECT) and DISTINCT. Two-phase aggregation is two of these operators: the planner
 * splits the simple functions into plain calls over typed columns and runs the stateful ones
 * ({@link io.starling.exec.operator.agg.AggregateKind#stateful()}) in PARTIAL mode (serialized state per group
 * out) and FINAL mode (states merged).
 */
public final class HashAggregateOperator
        implements Operator
{
    private final OperatorContext context;
    private final List<Expression> groupBy;
    private final List<AggregateCall> aggregates;
    private final List<DataType> outputTypes;
    private final MemoryAccount account;
    private final GroupByHashTable table;
    private final Accumulator[] accumulators;
    private final int[] groupIds = new int[ColumnBatch.MAX_ROWS];
    private final int[] filteredPositions = new int[ColumnBatch.MAX_ROWS];
    private final int[] filteredGroups = new int[ColumnBatch.MAX_ROWS];
    private boolean finishing;
    private int nextOutputGroup;

    public HashAggregateOperator(OperatorContext context, List<Expression> groupBy, List<AggregateCall> aggregates)
    {
        this.context = context;
        this.groupBy = List.copyOf(groupBy);
        this.aggregates = List.copyOf(aggregates);
        List<DataType> types = new ArrayList<>();
        groupBy.forEach(e -> types.add(e.type()));
        aggregates.forEach(a -> types.add(a.resultType()));
        this.outputTypes = List.copyOf(types);
        this.account = new MemoryAccount(context.memory());
        boolean global = groupBy.isEmpty();
        this.accumulators = new Accumulator[aggregates.size()];
        try {
            this.table = global ? null : GroupByHashTable.create(groupBy.stream().map(Expression::type).toList(), account);
            for (int i = 0; i < accumulators.length; i++) {
                AggregateCall call = aggregates.get(i);
                accumulators[i] = Accumulator.create(call, call.argument() == null ? null : call.argument().type(), account, global);
                if (global) {
                    accumulators[i].ensureGroups(1);
                }
            }
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Group-by columns, then aggregate results. */
    public List<DataType> outputTypes()
    {
        return outputTypes;
    }

    @Override
    public boolean needsInput()
    {
        return !finishing;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        long start = System.nanoTime();
        try (batch) {
            context.recordInput(batch.size());
            if (batch.size() == 0) {
                return;
            }
            if (table != null) {
                ColumnVector[] keys = new ColumnVector[groupBy.size()];
                try {
                    for (int k = 0; k < keys.length; k++) {
                        keys[k] = groupBy.get(k).evaluate(batch, context.memory());
                    }
                    table.findOrInsert(keys, batch, groupIds);
                }
                finally {
                    closeAll(keys);
                }
                for (Accumulator a : accumulators) {
                    a.ensureGroups(table.groupCount());
                }
            }
            for (int i = 0; i < accumulators.length; i++) {
                addCall(i, batch);
            }
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    /**
     * Feeds the batch to aggregate {@code i}: with a FILTER, only the rows where the predicate is TRUE, through a
     * selection over the same vectors (the arguments are evaluated on that view, so they see only those rows).
     */
    private void addCall(int i, ColumnBatch batch)
    {
        AggregateCall call = aggregates.get(i);
        ColumnBatch input = batch;
        int[] ids = groupIds;
        if (call.filter() != null) {
            int m = 0;
            try (ColumnVector keep = call.filter().evaluate(batch, context.memory())) {
                for (int r = 0; r < batch.size(); r++) {
                    int p = batch.position(r);
                    if (!keep.isNull(p) && keep.getByte(p) != 0) {
                        filteredPositions[m] = p;
                        filteredGroups[m++] = groupIds[r];
                    }
                }
            }
            if (m == 0) {
                return;
            }
            // a view: never closed here, the vectors belong to the batch
            input = new ColumnBatch(batch.columns(), batch.rowCount());
            input.setSelection(filteredPositions, m);
            ids = filteredGroups;
        }
        List<Expression> args = call.arguments();
        ColumnVector[] values = new ColumnVector[args.size()];
        try {
            for (int a = 0; a < values.length; a++) {
                values[a] = args.get(a).evaluate(input, context.memory());
            }
            accumulators[i].add(ids, input, values);
        }
        finally {
            closeAll(values);
        }
    }

    private static void closeAll(ColumnVector[] vectors)
    {
        for (ColumnVector v : vectors) {
            if (v != null) {
                v.close();
            }
        }
    }

    private int groupCount()
    {
        return table == null ? 1 : table.groupCount();
    }

    @Override
    public ColumnBatch pull()
    {
        if (!finishing || nextOutputGroup >= groupCount()) {
            return null;
        }
        long start = System.nanoTime();
        int count = Math.min(ColumnBatch.MAX_ROWS, groupCount() - nextOutputGroup);
        ColumnBatch out = ColumnBatch.allocate(outputTypes, count, context.memory());
        try {
            ColumnVector[] cols = out.columns();
            if (table != null) {
                table.writeKeys(nextOutputGroup, count, Arrays.copyOfRange(cols, 0, groupBy.size()));
            }
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i].write(nextOutputGroup, count, cols[groupBy.size() + i]);
            }
            out.setRowCount(count);
        }
        catch (RuntimeException e) {
            out.close();
            throw e;
        }
        nextOutputGroup += count;
        context.addCpuNanos(System.nanoTime() - start);
        return context.recordOutput(out);
    }

    @Override
    public void finish()
    {
        finishing = true;
    }

    @Override
    public boolean isFinished()
    {
        return finishing && nextOutputGroup >= groupCount();
    }

    @Override
    public void close()
    {
        if (table != null) {
            table.close();
        }
        for (Accumulator a : accumulators) {
            if (a != null) {
                a.close();
            }
        }
        account.close();
    }
}
