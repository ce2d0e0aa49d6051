package io.starling.exec.operator.agg;

import io.starling.exec.operator.Operator;
import io.starling.exec.operator.OperatorContext;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The repeat step of GROUPING SETS / ROLLUP / CUBE (StarRocks' RepeatNode): each input batch comes out once per
 * grouping set, with the input columns that set does not group by NULLed and constant BIGINT columns appended
 * (the grouping id that keeps the sets' groups apart in the aggregation above, and the values of GROUPING() /
 * GROUPING_ID() for that set). Output batches are compacted (no selection vector). Streaming: one input batch is
 * held until all its copies were pulled.
 */
public final class RepeatOperator
        implements Operator
{
    /** One grouping set: input columns to NULL and the appended columns' values. */
    public record RepeatSet(int[] nullColumns, long[] values)
    {
    }

    private final OperatorContext context;
    private final List<DataType> inputTypes;
    private final List<RepeatSet> sets;
    private final List<DataType> outputTypes;
    private ColumnBatch input;
    private int nextSet;
    private boolean finishing;

    /**
     * @param inputTypes   the input's column types
     * @param valueColumns appended columns; every set has this many values
     */
    public RepeatOperator(OperatorContext context, List<DataType> inputTypes, List<RepeatSet> sets, int valueColumns)
    {
        this.context = context;
        this.inputTypes = List.copyOf(inputTypes);
        this.sets = List.copyOf(sets);
        for (RepeatSet s : sets) {
            if (s.values().length != valueColumns) {
                throw new IllegalArgumentException("every grouping set needs " + valueColumns + " values");
            }
        }
        List<DataType> out = new ArrayList<>(inputTypes);
        for (int i = 0; i < valueColumns; i++) {
            out.add(DataType.BIGINT);
        }
        this.outputTypes = List.copyOf(out);
    }

    /** Input columns, then the appended BIGINT columns. */
    public List<DataType> outputTypes()
    {
        return outputTypes;
    }

    @Override
    public boolean needsInput()
    {
        return input == null && !finishing;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        context.recordInput(batch.size());
        if (batch.size() == 0 || sets.isEmpty()) {
            batch.close();
            return;
        }
        input = batch;
        nextSet = 0;
    }

    @Override
    public ColumnBatch pull()
    {
        if (input == null) {
            return null;
        }
        long start = System.nanoTime();
        RepeatSet set = sets.get(nextSet);
        int n = input.size();
        ColumnBatch out = ColumnBatch.allocate(outputTypes, Math.max(n, 1), context.memory());
        try {
            boolean[] nulled = new boolean[inputTypes.size()];
            for (int c : set.nullColumns()) {
                nulled[c] = true;
            }
            for (int c = 0; c < inputTypes.size(); c++) {
                ColumnVector dst = out.column(c);
                if (nulled[c]) {
                    for (int r = 0; r < n; r++) {
                        dst.setNull(r, true);
                    }
                    continue;
                }
                ColumnVector src = input.column(c);
                for (int r = 0; r < n; r++) {
                    dst.copyFrom(src, input.position(r), r);
                }
            }
            for (int v = 0; v < set.values().length; v++) {
                ColumnVector dst = out.column(inputTypes.size() + v);
                long value = set.values()[v];
                for (int r = 0; r < n; r++) {
                    dst.setLong(r, value);
                }
            }
            out.setRowCount(n);
        }
        catch (RuntimeException e) {
            out.close();
            throw e;
        }
        if (++nextSet == sets.size()) {
            input.close();
            input = null;
        }
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
        return finishing && input == null;
    }

    @Override
    public void close()
    {
        if (input != null) {
            input.close();
            input = null;
        }
    }
}
