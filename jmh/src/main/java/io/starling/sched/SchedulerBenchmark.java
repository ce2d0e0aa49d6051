package io.starling.sched;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverBody;
import io.starling.sched.driver.DriverGroup;
import io.starling.sched.driver.Step;
import io.starling.sched.worker.WorkerPool;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scheduler overhead: one invocation submits {@link #DRIVERS} tiny drivers (one {@link DriverGroup}) to a
 * {@link WorkerPool} and waits for the group; each driver yields {@code yields} times (a re-queue through the
 * multi-level run queue each time) and then finishes, doing no work in between. Time per invocation divided by
 * {@code DRIVERS × (yields + 1)} is the cost of one dispatch (poll, state CAS, slice, charge, re-queue); the
 * auxiliary counters report dispatches and steals per invocation (the steal rate). {@code pin} compares pinned
 * and unpinned workers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SchedulerBenchmark
        implements io.starling.jmh.Checked
{
    /** Drivers per invocation: a fragment with a few pipelines at DOP 16 is in this range. */
    public static final int DRIVERS = 256;

    @Param({"0", "16"})
    public int yields;

    @Param({"2"})
    public int workers;

    @Param({"true", "false"})
    public boolean pin;

    private WorkerPool pool;

    /** Dispatches and steals per invocation, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters
    {
        public long dispatches;
        public long steals;
    }

    /** Yields {@code yields} times, then finishes. */
    static final class TinyBody implements DriverBody
    {
        private int left;

        TinyBody(int yields)
        {
            this.left = yields;
        }

        @Override
        public Step process(long deadlineNanos)
        {
            return left-- > 0 ? Step.YIELD : Step.FINISHED;
        }

        @Override
        public void close()
        {
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        pool = new WorkerPool("jmh-sched", WorkerPool.Options.defaults(workers).withPin(pin));
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        pool.close();
    }

    /** Submits the drivers and waits until all finished; returns the number of finished drivers. */
    @Benchmark
    public int dispatch(Counters counters) throws Exception
    {
        long dispatchedBefore = pool.dispatched();
        long stealsBefore = pool.steals();
        DriverGroup group = new DriverGroup("jmh");
        List<Driver> drivers = new ArrayList<>(DRIVERS);
        for (int i = 0; i < DRIVERS; i++) {
            drivers.add(new Driver("d" + i, new TinyBody(yields), group));
        }
        pool.submitAll(drivers);
        group.done().get(60, TimeUnit.SECONDS);
        counters.dispatches += pool.dispatched() - dispatchedBefore;
        counters.steals += pool.steals() - stealsBefore;
        return drivers.size();
    }

    /** Every submitted driver finishes once. */
    @Override
    public Object expected(String method)
    {
        return DRIVERS;
    }
}
