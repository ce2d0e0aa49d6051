package io.starling.sched.worker;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverBody;
import io.starling.sched.driver.DriverGroup;
import io.starling.sched.driver.DriverState;
import io.starling.sched.driver.Step;
import io.starling.sched.queue.RunQueue;
import io.starling.sched.topology.CpuTopology;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The multi-level queue on a real pool (a long CPU-bound query does not starve a short one), cancellation of queued
 * drivers, and pinning. No timing asserts: slice counters and latches with generous bounds.
 */
class FairnessAndCancelTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Burns CPU until the slice deadline, then yields; finishes after {@code slices} slices. */
    static final class SpinBody implements DriverBody
    {
        final long slices;
        final AtomicLong done = new AtomicLong();
        final AtomicInteger closed = new AtomicInteger();

        SpinBody(long slices)
        {
            this.slices = slices;
        }

        @Override
        public Step process(long deadlineNanos)
        {
            while (System.nanoTime() - deadlineNanos < 0) {
                Thread.onSpinWait();
            }
            return done.incrementAndGet() >= slices ? Step.FINISHED : Step.YIELD;
        }

        @Override
        public void close()
        {
            closed.incrementAndGet();
        }
    }

    private static long total(List<SpinBody> bodies)
    {
        return bodies.stream().mapToLong(b -> b.done.get()).sum();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
    {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aShortQuerySubmittedLaterFinishesWhileALongOneKeepsRunning() throws Exception
    {
        // 1 ms slices and a 50 ms level base: the long query reaches the last level after 36 x 50 ms = 1.8 s of CPU,
        // while the short one (10 slices) stays on the first levels even if a loaded machine stretches its slices
        // (slice time is wall time) tenfold
        WorkerPool.Options options = WorkerPool.Options.defaults(2).withTimeSlice(MS).withLevelBase(50 * MS).withPin(false);
        try (WorkerPool pool = new WorkerPool("fair-test", options)) {
            DriverGroup longQuery = new DriverGroup("long");
            List<SpinBody> longBodies = new ArrayList<>();
            List<Driver> longDrivers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SpinBody b = new SpinBody(Long.MAX_VALUE);
                longBodies.add(b);
                longDrivers.add(new Driver("long" + i, b, longQuery));
            }
            pool.submitAll(longDrivers);
            RunQueue q = pool.runQueue();
            long sunk = q.levelThresholdNanos(RunQueue.LEVELS - 2) + 10 * 50 * MS;
            awaitTrue(() -> longQuery.cpuNanos() > sunk, "the long query to sink");

            DriverGroup shortQuery = new DriverGroup("short");
            List<SpinBody> shortBodies = new ArrayList<>();
            List<Driver> shortDrivers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SpinBody b = new SpinBody(5);
                shortBodies.add(b);
                shortDrivers.add(new Driver("short" + i, b, shortQuery));
            }
            long longBefore = total(longBodies);
            pool.submitAll(shortDrivers);
            shortQuery.done().get(30, TimeUnit.SECONDS);
            long longDuring = total(longBodies) - longBefore;
            long shortSlices = total(shortBodies);
            System.out.println("short query: " + shortSlices + " slices; long query meanwhile: " + longDuring + " slices");

            assertThat(shortSlices).isEqualTo(10);
            assertThat(longQuery.done()).isNotDone();
            // FIFO round robin would give the 8 long drivers about 4 slices per short slice (~40); the MLFQ serves the
            // short query's level first, so the long one only finishes the slices already running (and a few more: a
            // loaded CI machine stretches wall-clock slices, so allow up to about half of FIFO's count)
            assertThat(longDuring).isLessThanOrEqualTo(2 * shortSlices + 4);

            // and the long query was not starved either: it keeps running afterwards
            long after = total(longBodies);
            awaitTrue(() -> total(longBodies) > after + 10, "the long query to continue");
            longQuery.cancel(new IllegalStateException("test over"));
            assertThatThrownBy(() -> longQuery.done().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            assertThat(longDrivers).allMatch(d -> d.state() == DriverState.CANCELLED);
            assertThat(longBodies).allMatch(b -> b.closed.get() == 1);
        }
    }

    @Test
    void cancelDropsQueuedDriversAtOnceWithoutAWorker() throws Exception
    {
        WorkerPool.Options options = WorkerPool.Options.defaults(1).withPin(false);
        try (WorkerPool pool = new WorkerPool("cancel-test", options)) {
            // occupy the only worker (a test-only blocking body) so the next group's drivers stay queued
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            DriverGroup busy = new DriverGroup("busy");
            pool.submit(new Driver("busy", new DriverBody()
            {
                @Override
                public Step process(long deadlineNanos) throws Exception
                {
                    started.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    return Step.FINISHED;
                }

                @Override
                public void close()
                {
                }
            }, busy));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

            DriverGroup victim = new DriverGroup("victim");
            List<SpinBody> bodies = new ArrayList<>();
            List<Driver> drivers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SpinBody b = new SpinBody(1);
                bodies.add(b);
                drivers.add(new Driver("v" + i, b, victim));
            }
            pool.submitAll(drivers);
            assertThat(pool.runQueue().size()).isEqualTo(3);

            victim.cancel(new IllegalStateException("KILL QUERY"));
            // synchronously: off the queue, closed, group done, while the worker is still busy elsewhere
            assertThat(pool.runQueue().size()).isZero();
            assertThat(drivers).allMatch(d -> d.state() == DriverState.CANCELLED);
            assertThat(bodies).allMatch(b -> b.closed.get() == 1 && b.done.get() == 0);
            assertThat(victim.done()).isCompletedExceptionally();

            release.countDown();
            busy.done().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void workersArePinnedOnePerCpuWhenTheMachineAllowsIt()
    {
        CpuTopology t = CpuTopology.system();
        int workers = t.cpuCount();
        try (WorkerPool pool = new WorkerPool("pin-test", WorkerPool.Options.defaults(workers).withPin(true))) {
            int[] pinned = pool.pinnedCpus();
            System.out.println("pinned CPUs: " + java.util.Arrays.toString(pinned));
            if (io.starling.sched.topology.Affinity.isSupported() && pinned[0] >= 0) {
                assertThat(pinned).containsExactly(t.planWorkerCpus(workers));
            }
            else {
                // pinning impossible here (container, non-Linux): the pool runs unpinned instead of failing
                assertThat(pinned).containsOnly(-1);
            }
        }
        try (WorkerPool pool = new WorkerPool("unpinned-test", WorkerPool.Options.defaults(workers + 1).withPin(true))) {
            // more workers than CPUs: no pinning at all
            assertThat(pool.pinnedCpus()).containsOnly(-1);
        }
    }
}
