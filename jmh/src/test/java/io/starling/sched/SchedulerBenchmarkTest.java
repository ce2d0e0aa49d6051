package io.starling.sched;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One invocation of the benchmark method per shape runs every driver and counts every dispatch. */
class SchedulerBenchmarkTest
{
    @Test
    void everyDriverIsDispatchedOncePerYieldPlusOne() throws Exception
    {
        for (int yields : new int[] {0, 16}) {
            SchedulerBenchmark b = new SchedulerBenchmark();
            b.yields = yields;
            b.workers = 2;
            b.pin = false;
            b.setUp();
            try {
                SchedulerBenchmark.Counters c = new SchedulerBenchmark.Counters();
                assertThat(b.dispatch(c)).isEqualTo(SchedulerBenchmark.DRIVERS);
                assertThat(c.dispatches).isEqualTo((long) SchedulerBenchmark.DRIVERS * (yields + 1));
                assertThat(c.steals).isGreaterThanOrEqualTo(0);
            }
            finally {
                b.tearDown();
            }
        }
    }
}
