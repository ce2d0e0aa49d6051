package io.starling.exec.operator.window;

import io.starling.exec.expr.Expression;
import io.starling.exec.expr.Literal;
import io.starling.exec.hash.JoinGather;
import io.starling.exec.operator.Operator;
import io.starling.exec.operator.OperatorContext;
import io.starling.exec.sort.RowComparator;
import io.starling.exec.sort.SortKey;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates window functions over input sorted by (PARTITION BY keys, ORDER BY keys) — the planner puts a sort
 * below — and emits every input row followed by one column per {@link WindowCall}.
 *
 * <p>One partition at a time: input rows are buffered in a {@link WindowPartition} (input columns plus the
 * evaluated keys and arguments) until a row with different PARTITION BY keys arrives (or the input ends); the rest
 * of that batch waits while the complete partition is emitted, column by column, into output batches of up to
 * {@link ColumnBatch#MAX_ROWS} rows that may span partitions. Memory is therefore bounded by the largest partition
 * plus one input and one output batch, all accounted in the operator's memory context. The work happens in
 * {@link #pull()}: {@link #push} only buffers, so a driver that sees no output and no demand for input knows the
 * operator is done.
 *
 * <p>States: consuming (needs input) → emitting a complete partition (pending input batch held) → consuming again;
 * after {@link #finish()} the last partition is emitted and the partial output batch is flushed.
 */
public final class WindowOperator
        implements Operator
{
    private final OperatorContext context;
    private final int inputColumns;
    private final List<Expression> extras;
    private final int partitionFirst;
    private final int partitionCount;
    private final RowComparator partitionComparator;
    private final WindowPartition partition;
    private final List<WindowFunction> functions = new ArrayList<>();
    private final List<DataType> outputTypes;

    /** Pending input: the batch whose rows from {@code pendingRow} on are not buffered yet, with its extras. */
    private ColumnBatch pending;
    private ColumnVector[] pendingColumns;
    private int pendingRow;
    /** Emitting the buffered (complete) partition; rows before {@code emitRow} are in output batches. */
    private boolean emitting;
    private int emitRow;
    private ColumnBatch output;
    private int outputRows;
    private ColumnBatch ready;
    private boolean finishing;
    private boolean done;

    /**
     * @param inputTypes the input's column types (the output starts with the same columns)
     * @param partitionBy PARTITION BY expressions over the input
     * @param orderBy ORDER BY keys over the input (direction matters only for documentation: peers are equal keys)
     * @param calls the window functions, all sharing this partitioning and ordering
     */
    public WindowOperator(OperatorContext context, List<DataType> inputTypes, List<Expression> partitionBy,
            List<SortKey> orderBy, List<WindowCall> calls)
    {
        this.context = context;
        this.inputColumns = inputTypes.size();
        List<Expression> ex = new ArrayList<>(partitionBy);
        orderBy.forEach(k -> ex.add(k.expression()));
        List<DataType> stored = new ArrayList<>(inputTypes);
        partitionFirst = inputColumns;
        partitionCount = partitionBy.size();
        int orderFirst = partitionFirst + partitionCount;
        List<DataType> partitionTypes = partitionBy.stream().map(Expression::type).toList();
        partitionComparator = new RowComparator(partitionTypes, partitionBy.stream().map(SortKey::asc).toList());
        RowComparator orderComparator = new RowComparator(orderBy.stream().map(k -> k.expression().type()).toList(), orderBy);
        List<DataType> outTypes = new ArrayList<>(inputTypes);
        List<int[]> argColumns = new ArrayList<>();
        int next = orderFirst + orderBy.size();
        for (WindowCall call : calls) {
            int[] cols = new int[call.args().size()];
            for (int a = 0; a < cols.length; a++) {
                ex.add(call.args().get(a));
                cols[a] = next++;
            }
            argColumns.add(cols);
            outTypes.add(call.resultType());
        }
        ex.forEach(e -> stored.add(e.type()));
        this.extras = List.copyOf(ex);
        this.outputTypes = List.copyOf(outTypes);
        this.partition = new WindowPartition(stored, orderFirst, orderBy.size(), orderComparator, context.memory());
        for (int f = 0; f < calls.size(); f++) {
            functions.add(create(calls.get(f), argColumns.get(f)));
        }
    }

    private WindowFunction create(WindowCall call, int[] cols)
    {
        WindowFrame frame = call.frame() == null ? WindowFrame.wholePartition() : call.frame();
        List<Expression> args = call.args();
        return switch (call.kind()) {
            case ROW_NUMBER, RANK, DENSE_RANK, CUME_DIST, PERCENT_RANK -> new RankingFunction(call.kind(), 0);
            case NTILE -> new RankingFunction(call.kind(), constant(args, 0, "NTILE", -1));
            case LAG, LEAD -> {
                long offset = args.size() > 1 ? constant(args, 1, call.kind().name(), -1) : 1;
                if (offset < 0) {
                    throw new IllegalArgumentException(call.kind() + " offset must not be negative: " + offset);
                }
                yield new OffsetFunction(call.kind() == WindowFunctionKind.LAG ? -offset : offset, cols[0],
                        args.size() > 2 ? cols[2] : -1);
            }
            case FIRST_VALUE, LAST_VALUE -> new ValueFunction(call.kind() == WindowFunctionKind.FIRST_VALUE,
                    call.ignoreNulls(), cols[0], frame);
            case SUM, AVG, COUNT -> new SlidingAggregateFunction(call.kind(), args.isEmpty() ? -1 : cols[0],
                    args.isEmpty() ? null : args.getFirst().type(), call.resultType(), frame);
            case MIN, MAX -> new MinMaxFunction(call.kind() == WindowFunctionKind.MAX, cols[0],
                    args.getFirst().type().physical(), frame, context.memory());
        };
    }

    /** The constant integer argument {@code index}, or {@code fallback} if NULL. */
    private static long constant(List<Expression> args, int index, String fn, long fallback)
    {
        if (index >= args.size() || !(args.get(index) instanceof Literal l)) {
            throw new IllegalArgumentException(fn + " requires a constant integer argument " + (index + 1));
        }
        return l.value() == null ? fallback : ((Number) l.value()).longValue();
    }

    /** Output column types: the input's, then one per window function. */
    public List<DataType> outputTypes()
    {
        return outputTypes;
    }

    @Override
    public boolean needsInput()
    {
        return !finishing && pending == null && !emitting && ready == null;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        if (!needsInput()) {
            batch.close();
            throw new IllegalStateException("window operator does not need input now");
        }
        long start = System.nanoTime();
        context.recordInput(batch.size());
        ColumnVector[] all = new ColumnVector[inputColumns + extras.size()];
        System.arraycopy(batch.columns(), 0, all, 0, inputColumns);
        try {
            for (int e = 0; e < extras.size(); e++) {
                all[inputColumns + e] = extras.get(e).evaluate(batch, context.memory());
            }
        }
        catch (RuntimeException | Error e) {
            closeExtras(all);
            batch.close();
            throw e;
        }
        pending = batch;
        pendingColumns = all;
        pendingRow = 0;
        consume();
        context.addCpuNanos(System.nanoTime() - start);
    }

    /** Buffers pending rows until the batch ends (releasing it) or a new partition starts (emitting the old one). */
    private void consume()
    {
        ColumnBatch b = pending;
        int n = b.size();
        while (pendingRow < n) {
            int row = b.position(pendingRow);
            int last = partition.size() - 1;
            if (last >= 0 && partitionCount > 0 && partitionComparator.compare(pendingColumns, partitionFirst, row,
                    partition.chunk(last), partitionFirst, WindowPartition.pos(last)) != 0) {
                startEmitting();
                return;
            }
            partition.append(pendingColumns, row);
            pendingRow++;
        }
        closeExtras(pendingColumns);
        pending.close();
        pending = null;
        pendingColumns = null;
    }

    private void closeExtras(ColumnVector[] all)
    {
        for (int i = inputColumns; i < all.length; i++) {
            if (all[i] != null) {
                all[i].close();
            }
        }
    }

    private void startEmitting()
    {
        for (WindowFunction f : functions) {
            f.reset(partition);
        }
        emitting = true;
        emitRow = 0;
    }

    @Override
    public ColumnBatch pull()
    {
        long start = System.nanoTime();
        try {
            advance();
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
        ColumnBatch b = ready;
        ready = null;
        return context.recordOutput(b);
    }

    /** Does all the work possible without new input, until an output batch is ready. */
    private void advance()
    {
        while (ready == null) {
            if (emitting) {
                emitSome();
                if (emitRow == partition.size()) {
                    emitting = false;
                    partition.clear();
                }
            }
            else if (pending != null) {
                consume();
            }
            else if (finishing && partition.size() > 0) {
                startEmitting();
            }
            else {
                if (finishing && !done) {
                    done = true;
                    if (output != null) {
                        output.setRowCount(outputRows);
                        ready = output;
                        output = null;
                    }
                }
                return;
            }
        }
    }

    /** Copies the next rows of the partition with their results into the output batch (readying it when full). */
    private void emitSome()
    {
        if (output == null) {
            output = ColumnBatch.allocate(outputTypes, context.memory());
            outputRows = 0;
        }
        int count = Math.min(partition.size() - emitRow, ColumnBatch.MAX_ROWS - outputRows);
        int from = emitRow;
        int to = from + count;
        for (int c = 0; c < inputColumns; c++) {
            ColumnVector dst = output.column(c);
            int o = outputRows;
            for (int r = from; r < to; r++) {
                JoinGather.copyValue(partition.column(r, c), WindowPartition.pos(r), dst, o++);
            }
        }
        for (int f = 0; f < functions.size(); f++) {
            functions.get(f).evaluate(from, to, output.column(inputColumns + f), outputRows);
        }
        outputRows += count;
        emitRow = to;
        if (outputRows == ColumnBatch.MAX_ROWS) {
            output.setRowCount(outputRows);
            ready = output;
            output = null;
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
        return done && ready == null;
    }

    @Override
    public void close()
    {
        if (pending != null) {
            closeExtras(pendingColumns);
            pending.close();
            pending = null;
        }
        if (output != null) {
            output.close();
            output = null;
        }
        if (ready != null) {
            ready.close();
            ready = null;
        }
        functions.forEach(WindowFunction::close);
        partition.close();
    }
}
