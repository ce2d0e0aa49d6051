package io.starling.sched.driver;

import io.starling.storage.batch.ColumnBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A pipeline instance: source, stateless operators, sink, driven as a {@link DriverBody}.
 *
 * <p>Each {@link #process} pass walks the chain from the source to the sink and, for every adjacent pair, moves
 * one batch downstream when the downstream operator needs input and the upstream one has output, and forwards
 * {@code finish()} once an upstream operator is finished (StarRocks {@code PipelineDriver::process}). Passes repeat
 * until the sink is finished (FINISHED), the deadline passed (YIELD: the clock is read once per pass, i.e. once
 * per moved batch at most), or a pass moved nothing: then the first operator reporting an incomplete
 * {@link PipelineOperator#blockedOn()} future parks the driver. A pass that moves nothing and finds no future
 * yields (spins through the run queue) and after {@link #MAX_IDLE_PASSES} such passes fails: that is an operator
 * contract violation, not a state to wait in.
 *
 * <p>When a downstream operator finishes early (LIMIT reached), the operators above it are finished too: their
 * output is not needed.
 *
 * <p>Cancellation: before every operator call the chain checks its driver's cancel flag (one volatile read, noise
 * next to a batch) and returns FINISHED at once when it is set; the driver then closes the chain as CANCELLED. So
 * a KILL waits for the operator call in progress, not for the rest of the 100 ms slice.
 */
public final class OperatorChain implements DriverBody
{
    /**
     * Consecutive passes without progress and without a future before the chain gives up. Each such pass costs a
     * trip through the run queue (~1 µs), so 1M passes is about a second of a misbehaving operator.
     */
    public static final int MAX_IDLE_PASSES = 1_000_000;

    private final PipelineOperator[] ops;
    private final OperatorStats[] stats;
    private final boolean[] finishSent;
    private int idlePasses;
    private boolean closed;
    private Driver driver;

    public OperatorChain(List<? extends PipelineOperator> operators)
    {
        if (operators.size() < 2) {
            throw new IllegalArgumentException("a pipeline needs at least a source and a sink, got " + operators.size() + " operator(s)");
        }
        this.ops = operators.toArray(new PipelineOperator[0]);
        this.stats = new OperatorStats[ops.length];
        for (int i = 0; i < ops.length; i++) {
            stats[i] = new OperatorStats(ops[i].name());
        }
        this.finishSent = new boolean[ops.length];
    }

    /** Counters per operator, source first. */
    public List<OperatorStats> stats()
    {
        return List.of(stats);
    }

    public List<PipelineOperator> operators()
    {
        return List.of(ops);
    }

    @Override
    public void attach(Driver driver)
    {
        this.driver = driver;
    }

    private boolean cancelled()
    {
        Driver d = driver;
        return d != null && d.isCancelRequested();
    }

    @Override
    public Step process(long deadlineNanos)
    {
        int last = ops.length - 1;
        while (true) {
            boolean moved = false;
            for (int i = 0; i < last; i++) {
                PipelineOperator up = ops[i];
                PipelineOperator down = ops[i + 1];
                if (finishSent[i + 1]) {
                    continue;
                }
                if (down.isFinished()) {
                    finishUpstream(i);
                    continue;
                }
                if (cancelled()) {
                    return Step.FINISHED;
                }
                if (down.needsInput()) {
                    long t0 = System.nanoTime();
                    ColumnBatch b = up.pull();
                    long t1 = System.nanoTime();
                    stats[i].nanos += t1 - t0;
                    if (b != null) {
                        stats[i].rowsOut += b.size();
                        stats[i].batchesOut++;
                        stats[i + 1].rowsIn += b.size();
                        stats[i + 1].batchesIn++;
                        if (b.size() == 0) {
                            b.close();
                        }
                        else {
                            if (cancelled()) {
                                b.close();
                                return Step.FINISHED;
                            }
                            down.push(b);
                            stats[i + 1].nanos += System.nanoTime() - t1;
                        }
                        moved = true;
                    }
                }
                if (up.isFinished() && !finishSent[i + 1]) {
                    if (cancelled()) {
                        return Step.FINISHED;
                    }
                    long t0 = System.nanoTime();
                    down.finish();
                    stats[i + 1].nanos += System.nanoTime() - t0;
                    finishSent[i + 1] = true;
                    moved = true;
                }
            }
            if (ops[last].isFinished()) {
                return Step.FINISHED;
            }
            if (moved) {
                idlePasses = 0;
                if (System.nanoTime() - deadlineNanos >= 0) {
                    return Step.YIELD;
                }
                continue;
            }
            for (PipelineOperator op : ops) {
                CompletableFuture<?> f = op.blockedOn();
                if (f != null && !f.isDone()) {
                    idlePasses = 0;
                    return Step.blocked(f);
                }
            }
            if (++idlePasses > MAX_IDLE_PASSES) {
                throw new IllegalStateException("pipeline makes no progress and reports no blocking future: " + describe());
            }
            return Step.YIELD;
        }
    }

    /** Marks operators {@code 0..i} as not needed any more because operator {@code i + 1} finished. */
    private void finishUpstream(int i)
    {
        for (int k = i; k >= 0; k--) {
            if (!finishSent[k + 1]) {
                finishSent[k + 1] = true;
            }
        }
        finishSent[0] = true;
    }

    private String describe()
    {
        List<String> parts = new ArrayList<>();
        for (PipelineOperator op : ops) {
            parts.add(op.name() + "{needsInput=" + op.needsInput() + ", finished=" + op.isFinished() + "}");
        }
        return String.join(" -> ", parts);
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (PipelineOperator op : ops) {
            try {
                op.close();
            }
            catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
