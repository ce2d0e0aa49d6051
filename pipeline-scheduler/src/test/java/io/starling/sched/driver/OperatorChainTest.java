package io.starling.sched.driver;

import io.starling.sched.worker.WorkerPool;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pipeline of fake operators (source -> add-one -> sink) on a real worker pool. */
class OperatorChainTest
{
    private final WorkerPool pool = new WorkerPool("chain-test", 2, TimeUnit.MILLISECONDS.toNanos(1));
    private final MemoryContext ctx = MemoryContext.process().newChild("chain-test");

    @AfterEach
    void tearDown()
    {
        pool.close();
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    /** Emits {@code batches} batches of one BIGINT column with values 0..rows-1. */
    class Source implements PipelineOperator
    {
        final int batches;
        final int rows;
        int emitted;
        boolean closed;

        Source(int batches, int rows)
        {
            this.batches = batches;
            this.rows = rows;
        }

        @Override
        public String name()
        {
            return "SOURCE";
        }

        @Override
        public boolean needsInput()
        {
            return false;
        }

        @Override
        public void push(ColumnBatch batch)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public ColumnBatch pull()
        {
            if (emitted == batches) {
                return null;
            }
            emitted++;
            ColumnBatch b = ColumnBatch.allocate(List.of(DataType.BIGINT), rows, ctx);
            for (int i = 0; i < rows; i++) {
                b.column(0).setLong(i, i);
            }
            b.setRowCount(rows);
            return b;
        }

        @Override
        public void finish()
        {
        }

        @Override
        public boolean isFinished()
        {
            return emitted == batches;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    /** Adds one to every value, one batch buffered. */
    static final class AddOne implements PipelineOperator
    {
        ColumnBatch pending;
        boolean finishing;

        @Override
        public String name()
        {
            return "ADD_ONE";
        }

        @Override
        public boolean needsInput()
        {
            return pending == null && !finishing;
        }

        @Override
        public void push(ColumnBatch batch)
        {
            for (int i = 0; i < batch.rowCount(); i++) {
                batch.column(0).setLong(i, batch.column(0).getLong(i) + 1);
            }
            pending = batch;
        }

        @Override
        public ColumnBatch pull()
        {
            ColumnBatch b = pending;
            pending = null;
            return b;
        }

        @Override
        public void finish()
        {
            finishing = true;
        }

        @Override
        public boolean isFinished()
        {
            return finishing && pending == null;
        }

        @Override
        public void close()
        {
            if (pending != null) {
                pending.close();
            }
        }
    }

    /** Sums values; when {@code gate} is set, accepts input only after the gate completes. */
    static final class SumSink implements PipelineOperator
    {
        long sum;
        long rows;
        boolean finished;
        CompletableFuture<Void> gate;
        int limitRows = Integer.MAX_VALUE;

        @Override
        public String name()
        {
            return "SUM_SINK";
        }

        @Override
        public boolean needsInput()
        {
            return !finished && (gate == null || gate.isDone());
        }

        @Override
        public void push(ColumnBatch batch)
        {
            try (batch) {
                for (int i = 0; i < batch.size(); i++) {
                    sum += batch.column(0).getLong(batch.position(i));
                }
                rows += batch.size();
            }
            if (rows >= limitRows) {
                finished = true;
            }
        }

        @Override
        public ColumnBatch pull()
        {
            return null;
        }

        @Override
        public void finish()
        {
            finished = true;
        }

        @Override
        public boolean isFinished()
        {
            return finished;
        }

        @Override
        public CompletableFuture<?> blockedOn()
        {
            return gate;
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    void movesEveryBatchThroughTheChainAndCountsRows() throws Exception
    {
        DriverGroup group = new DriverGroup("q");
        List<SumSink> sinks = new ArrayList<>();
        List<OperatorChain> chains = new ArrayList<>();
        List<Driver> drivers = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            SumSink sink = new SumSink();
            sinks.add(sink);
            OperatorChain chain = new OperatorChain(List.of(new Source(50, 100), new AddOne(), sink));
            chains.add(chain);
            drivers.add(new Driver("d" + d, chain, group));
        }
        // all registered before any is submitted: a driver finishing early would otherwise seal the group
        pool.submitAll(drivers);
        group.done().get(10, TimeUnit.SECONDS);
        for (int d = 0; d < 4; d++) {
            assertThat(sinks.get(d).rows).isEqualTo(5000);
            assertThat(sinks.get(d).sum).isEqualTo(50L * (100 * 101 / 2));
            OperatorStats addOne = chains.get(d).stats().get(1);
            assertThat(addOne.rowsIn()).isEqualTo(5000);
            assertThat(addOne.rowsOut()).isEqualTo(5000);
            assertThat(addOne.batchesIn()).isEqualTo(50);
        }
    }

    @Test
    void blockedSinkParksTheDriverUntilItsFutureCompletes() throws Exception
    {
        DriverGroup group = new DriverGroup("q");
        SumSink sink = new SumSink();
        sink.gate = new CompletableFuture<>();
        Driver d = new Driver("blocked", new OperatorChain(List.of(new Source(3, 10), new AddOne(), sink)), group);
        pool.submit(d);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d.state() != DriverState.BLOCKED && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(d.state()).isEqualTo(DriverState.BLOCKED);
        sink.gate.complete(null);
        group.done().get(10, TimeUnit.SECONDS);
        assertThat(sink.rows).isEqualTo(30);
    }

    @Test
    void earlyFinishedSinkStopsTheSource() throws Exception
    {
        DriverGroup group = new DriverGroup("q");
        SumSink sink = new SumSink();
        sink.limitRows = 25;
        Source source = new Source(1_000_000, 10);
        pool.submit(new Driver("limit", new OperatorChain(List.of(source, new AddOne(), sink)), group));
        group.done().get(10, TimeUnit.SECONDS);
        assertThat(source.emitted).isLessThan(10);
        assertThat(source.closed).isTrue();
    }

    @Test
    void aRunningDriverSeesTheCancelBetweenOperatorCallsNotAtTheSliceEnd() throws Exception
    {
        // a 60 s slice: only the per-call check can stop the driver within this test
        try (WorkerPool slow = new WorkerPool("long-slice", WorkerPool.Options.defaults(1)
                .withTimeSlice(TimeUnit.SECONDS.toNanos(60)).withPin(false))) {
            DriverGroup group = new DriverGroup("q");
            SumSink sink = new SumSink();
            int[] pulls = new int[1];
            Source source = new Source(Integer.MAX_VALUE, 10)
            {
                @Override
                public ColumnBatch pull()
                {
                    if (++pulls[0] == 3) {
                        // KILL QUERY arrives while the driver is inside this operator call
                        group.cancel(new RuntimeException("KILL QUERY"));
                    }
                    return super.pull();
                }
            };
            AddOne addOne = new AddOne();
            Driver d = new Driver("victim", new OperatorChain(List.of(source, addOne, sink)), group);
            slow.submit(d);
            assertThatThrownBy(() -> group.done().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(d.state()).isEqualTo(DriverState.CANCELLED);
            // the third batch was pulled but never pushed, and no operator was called again
            assertThat(pulls[0]).isEqualTo(3);
            assertThat(sink.rows).isEqualTo(20);
            assertThat(d.slices()).isEqualTo(1);
            assertThat(source.closed).isTrue();
        }
    }

    @Test
    void cancellingAnEndlessPipelineClosesEverything() throws Exception
    {
        DriverGroup group = new DriverGroup("q");
        Source source = new Source(Integer.MAX_VALUE, 10);
        pool.submit(new Driver("endless", new OperatorChain(List.of(source, new AddOne(), new SumSink())), group));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (source.emitted < 1000 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        group.cancel(new RuntimeException("user cancel"));
        assertThatThrownBy(() -> group.done().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(source.closed).isTrue();
    }
}
