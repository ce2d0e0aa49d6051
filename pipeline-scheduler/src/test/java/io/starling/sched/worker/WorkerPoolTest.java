package io.starling.sched.worker;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverBody;
import io.starling.sched.driver.DriverGroup;
import io.starling.sched.driver.DriverState;
import io.starling.sched.driver.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPoolTest
{
    private final WorkerPool pool = new WorkerPool("test-exec", 2, TimeUnit.MILLISECONDS.toNanos(1));

    @AfterEach
    void tearDown()
    {
        pool.close();
    }

    /** Counts to a target, yielding every {@code perSlice} steps, optionally parking on a future once. */
    static final class CountingBody implements DriverBody
    {
        final long target;
        final AtomicLong count = new AtomicLong();
        final AtomicInteger closed = new AtomicInteger();
        CompletableFuture<Void> blockOnce;

        CountingBody(long target)
        {
            this.target = target;
        }

        @Override
        public Step process(long deadlineNanos)
        {
            if (blockOnce != null && !blockOnce.isDone()) {
                return Step.blocked(blockOnce);
            }
            while (count.get() < target) {
                count.incrementAndGet();
                if (count.get() % 1000 == 0) {
                    return Step.YIELD;
                }
            }
            return Step.FINISHED;
        }

        @Override
        public void close()
        {
            closed.incrementAndGet();
        }
    }

    @Test
    void runsManyDriversToCompletionWithYields() throws Exception
    {
        DriverGroup group = new DriverGroup("q1");
        List<CountingBody> bodies = new ArrayList<>();
        List<Driver> drivers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            CountingBody b = new CountingBody(10_000);
            bodies.add(b);
            drivers.add(new Driver("d" + i, b, group));
        }
        pool.submitAll(drivers);
        group.done().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(bodies.get(i).count.get()).isEqualTo(10_000);
            assertThat(bodies.get(i).closed.get()).isEqualTo(1);
            assertThat(drivers.get(i).state()).isEqualTo(DriverState.FINISHED);
            assertThat(drivers.get(i).slices()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void blockedDriverParksAndIsWokenByItsFuture() throws Exception
    {
        DriverGroup group = new DriverGroup("q2");
        CountingBody b = new CountingBody(5);
        b.blockOnce = new CompletableFuture<>();
        Driver d = new Driver("blocked", b, group);
        pool.submit(d);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (d.state() != DriverState.BLOCKED && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(d.state()).isEqualTo(DriverState.BLOCKED);
        assertThat(group.done()).isNotDone();
        b.blockOnce.complete(null);
        group.done().get(10, TimeUnit.SECONDS);
        assertThat(d.state()).isEqualTo(DriverState.FINISHED);
        assertThat(d.blockedCount()).isEqualTo(1);
        assertThat(b.count.get()).isEqualTo(5);
    }

    @Test
    void cancelClosesParkedQueuedAndRunningDrivers() throws Exception
    {
        DriverGroup group = new DriverGroup("q3");
        CountingBody parked = new CountingBody(1);
        parked.blockOnce = new CompletableFuture<>();
        CountingBody endless = new CountingBody(Long.MAX_VALUE);
        CountingBody notSubmitted = new CountingBody(1);
        Driver d1 = new Driver("parked", parked, group);
        Driver d2 = new Driver("endless", endless, group);
        Driver d3 = new Driver("new", notSubmitted, group);
        pool.submit(d1);
        pool.submit(d2);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((d1.state() != DriverState.BLOCKED || endless.count.get() < 10_000) && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        group.cancel(new IllegalStateException("killed by test"));
        assertThatThrownBy(() -> group.done().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("killed by test");
        assertThat(List.of(d1.state(), d2.state(), d3.state())).containsOnly(DriverState.CANCELLED);
        assertThat(parked.closed.get() + endless.closed.get() + notSubmitted.closed.get()).isEqualTo(3);
    }

    @Test
    void failureOfOneDriverCancelsItsGroup() throws Exception
    {
        DriverGroup group = new DriverGroup("q4");
        CountingBody endless = new CountingBody(Long.MAX_VALUE);
        DriverBody failing = new DriverBody()
        {
            @Override
            public Step process(long deadlineNanos)
            {
                throw new ArithmeticException("boom");
            }

            @Override
            public void close()
            {
            }
        };
        Driver ok = new Driver("endless", endless, group);
        Driver bad = new Driver("bad", failing, group);
        pool.submit(ok);
        pool.submit(bad);
        assertThatThrownBy(() -> group.done().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ArithmeticException.class);
        assertThat(bad.state()).isEqualTo(DriverState.FAILED);
        assertThat(ok.state()).isEqualTo(DriverState.CANCELLED);
        assertThat(endless.closed.get()).isEqualTo(1);
    }

    @Test
    void illegalTransitionsAreRejected()
    {
        assertThat(DriverState.NEW.canMoveTo(DriverState.RUNNING)).isFalse();
        assertThat(DriverState.BLOCKED.canMoveTo(DriverState.FINISHED)).isFalse();
        assertThat(DriverState.RUNNING.canMoveTo(DriverState.BLOCKED)).isTrue();
        assertThat(DriverState.FINISHED.canMoveTo(DriverState.READY)).isFalse();
        Driver d = new Driver("twice", new CountingBody(1), new DriverGroup("q5"));
        pool.submit(d);
        assertThatThrownBy(() -> pool.submit(d)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void submittingADriverCancelledBeforeSubmissionIsANoOp() throws Exception
    {
        // the group failed (say, a memory limit in another pipeline) while the fragment was still submitting
        DriverGroup group = new DriverGroup("q6");
        CountingBody body = new CountingBody(10);
        Driver d = new Driver("late", body, group);
        group.cancel(new IllegalStateException("memory limit"));
        d.requestCancel();
        pool.submit(d);
        assertThat(d.state()).isEqualTo(DriverState.CANCELLED);
        assertThat(body.count.get()).isZero();
        assertThat(body.closed.get()).isEqualTo(1);
    }
}
