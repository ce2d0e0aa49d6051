package io.starling.sched.queue;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverGroup;
import io.starling.sched.driver.DriverTestSupport;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The multi-level feedback queue, driven single-threaded (no workers): deterministic. */
class RunQueueTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static Driver driver(String name, DriverGroup group)
    {
        return new Driver(name, DriverTestSupport.idleBody(), group);
    }

    @Test
    void levelsFollowStarRocksBoundaries()
    {
        RunQueue q = new RunQueue(1);
        long[] expectedMs = {200, 600, 1200, 2000, 3000, 4200, 5600, 7200};
        for (int i = 0; i < RunQueue.LEVELS; i++) {
            assertThat(q.levelThresholdNanos(i)).isEqualTo(expectedMs[i] * MS);
        }
        assertThat(q.levelOf(0)).isZero();
        assertThat(q.levelOf(199 * MS)).isZero();
        assertThat(q.levelOf(200 * MS)).isEqualTo(1);
        assertThat(q.levelOf(5 * 1000 * MS)).isEqualTo(6);
        assertThat(q.levelOf(7200 * MS)).isEqualTo(7);
        assertThat(q.levelOf(Long.MAX_VALUE)).isEqualTo(7);
    }

    @Test
    void aNewQueryIsServedBeforeALongOneThatWasQueuedEarlier()
    {
        RunQueue q = new RunQueue(1, MS);
        DriverGroup longQuery = new DriverGroup("long");
        DriverTestSupport.charge(longQuery, 500 * MS);
        Driver l1 = driver("l1", longQuery);
        Driver l2 = driver("l2", longQuery);
        q.offerGlobal(l1);
        q.offerGlobal(l2);
        // its history: the long query's level already ran for a while
        q.charge(RunQueue.LEVELS - 1, 400 * MS);
        DriverGroup shortQuery = new DriverGroup("short");
        Driver s = driver("s", shortQuery);
        q.offerGlobal(s);
        assertThat(l1.queueLevel()).isEqualTo(RunQueue.LEVELS - 1);
        assertThat(s.queueLevel()).isZero();
        assertThat(q.poll(0)).isSameAs(s);
        assertThat(q.poll(0)).isSameAs(l1);
        assertThat(q.poll(0)).isSameAs(l2);
        assertThat(q.poll(0)).isNull();
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void competingLevelsShareCpuByTheirFactorAndNoneStarves()
    {
        RunQueue q = new RunQueue(1, MS);
        DriverGroup longQuery = new DriverGroup("long");
        DriverTestSupport.charge(longQuery, 1000 * MS);
        DriverGroup shortQuery = new DriverGroup("short");
        Driver l = driver("l", longQuery);
        Driver s = driver("s", shortQuery);
        q.offerGlobal(l);
        q.offerGlobal(s);
        int[] picks = new int[RunQueue.LEVELS];
        for (int i = 0; i < 10_000; i++) {
            Driver d = q.poll(0);
            int level = d.queueLevel();
            picks[level]++;
            // every slice costs 1 ms; the groups' own CPU is not charged, so both stay on their levels
            q.charge(level, MS);
            q.offerLocal(0, d);
        }
        double ratio = (double) picks[0] / picks[RunQueue.LEVELS - 1];
        System.out.println("picks level 0 / level 7 = " + picks[0] + " / " + picks[RunQueue.LEVELS - 1] + " = " + ratio);
        // expected 1.2^7 = 3.58 once the initial catch-up credit is used up
        assertThat(ratio).isBetween(3.0, 4.5);
        assertThat(picks[RunQueue.LEVELS - 1]).isGreaterThan(1000);
    }

    @Test
    void aLevelThatSleptLongGetsOnlyTheCatchUpCredit()
    {
        RunQueue q = new RunQueue(1, MS);
        DriverGroup longQuery = new DriverGroup("long");
        DriverTestSupport.charge(longQuery, 1000 * MS);
        Driver l = driver("l", longQuery);
        q.offerGlobal(l);
        // the long level has run alone for 10 s: a new level must not get 10 s of priority
        q.charge(RunQueue.LEVELS - 1, 10_000 * MS);
        Driver s = driver("s", new DriverGroup("short"));
        q.offerGlobal(s);
        double norm0 = q.levelRunNanos(0) / Math.pow(RunQueue.RATIO_OF_ADJACENT_LEVELS, RunQueue.LEVELS - 1);
        assertThat(norm0).isCloseTo((double) (10_000 * MS - q.catchUpCreditNanos()), org.assertj.core.data.Offset.offset(1e6));
    }

    @Test
    void removeTakesAQueuedDriverOffExactlyOnce()
    {
        RunQueue q = new RunQueue(2, MS);
        DriverGroup g = new DriverGroup("g");
        Driver a = driver("a", g);
        Driver b = driver("b", g);
        q.offerGlobal(a);
        q.offerLocal(1, b);
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.remove(b)).isTrue();
        assertThat(q.remove(b)).isFalse();
        assertThat(q.remove(a)).isTrue();
        assertThat(q.size()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.poll(0)).isNull();
        assertThat(q.poll(1)).isNull();
    }

    @Test
    void idleWorkerStealsFromThePeersTailAndOwnerKeepsItsHead()
    {
        RunQueue q = new RunQueue(2, MS);
        DriverGroup g = new DriverGroup("g");
        Driver a = driver("a", g);
        Driver b = driver("b", g);
        q.offerLocal(0, a);
        q.offerLocal(0, b);
        assertThat(q.poll(1)).isSameAs(b);
        assertThat(q.steals()).isEqualTo(1);
        assertThat(q.poll(0)).isSameAs(a);
        assertThat(q.steals()).isEqualTo(1);
    }
}
