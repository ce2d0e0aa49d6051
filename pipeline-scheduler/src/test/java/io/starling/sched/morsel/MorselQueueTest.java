package io.starling.sched.morsel;

import io.starling.sched.driver.Driver;
import io.starling.sched.driver.DriverBody;
import io.starling.sched.driver.DriverGroup;
import io.starling.sched.driver.Step;
import io.starling.sched.topology.CpuTopology;
import io.starling.sched.worker.WorkerPool;
import io.starling.sched.worker.WorkerThread;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MorselQueueTest
{
    @Test
    void everyMorselIsHandedOutExactlyOnceAcrossThreads() throws Exception
    {
        List<Morsel> morsels = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            morsels.add(new Morsel(i / 10, 1, i % 10, null));
        }
        // two nodes, so the threads (no worker node: all start at node 0) also steal across nodes
        MorselQueue q = new MorselQueue(morsels, 2);
        Set<Morsel> seen = ConcurrentHashMap.newKeySet();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            int node = t % 3 - 1;
            ts[t] = new Thread(() -> {
                Morsel m;
                while ((m = q.next(node)) != null) {
                    assertThat(seen.add(m)).isTrue();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(seen).hasSize(10_000);
        assertThat(q.taken()).isEqualTo(10_000);
        assertThat(q.isExhausted()).isTrue();
        assertThat(q.next()).isNull();
    }

    @Test
    void twoNodesServeLocalMorselsFirstThenSteal()
    {
        List<Morsel> morsels = new ArrayList<>();
        for (int tablet = 0; tablet < 6; tablet++) {
            morsels.add(new Morsel(tablet, 1, 0, null));
        }
        morsels.add(new Morsel(100, 1, 0, null, 1));
        MorselQueue q = new MorselQueue(morsels, 2);
        assertThat(q.nodes()).isEqualTo(2);
        // tablets 0, 2, 4 -> node 0; 1, 3, 5 and the explicit node-1 morsel -> node 1
        assertThat(q.remaining(0)).isEqualTo(3);
        assertThat(q.remaining(1)).isEqualTo(4);
        List<Long> node1 = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            node1.add(q.next(1).tabletId());
        }
        assertThat(node1).containsExactly(1L, 3L, 5L, 100L);
        assertThat(q.remoteTaken()).isZero();
        // node 1 is empty now: its worker steals node 0's morsels
        assertThat(q.next(1).tabletId()).isZero();
        assertThat(q.remoteTaken()).isEqualTo(1);
        assertThat(q.next(0).tabletId()).isEqualTo(2L);
        assertThat(q.next(0).tabletId()).isEqualTo(4L);
        assertThat(q.next(0)).isNull();
        assertThat(q.remoteTaken()).isEqualTo(1);
        assertThat(q.isExhausted()).isTrue();
    }

    @Test
    void poolWorkersOfAFakeTwoNodeMachineAskForTheirOwnNode() throws Exception
    {
        CpuTopology twoNodes = CpuTopology.synthetic(2, 1, 1);
        try (WorkerPool pool = new WorkerPool("numa-test", WorkerPool.Options.defaults(2).withTopology(twoNodes))) {
            assertThat(pool.workerNodes()).containsExactly(0, 1);
            assertThat(pool.pinnedCpus()).containsExactly(-1, -1);
            List<Morsel> morsels = new ArrayList<>();
            for (int tablet = 0; tablet < 4; tablet++) {
                morsels.add(new Morsel(tablet, 1, 0, null));
            }
            MorselQueue q = new MorselQueue(morsels, twoNodes.nodeCount());
            // each worker takes one morsel through next() (its node from WorkerThread), as a scan operator does
            ConcurrentHashMap<Integer, Long> firstByNode = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(2);
            DriverGroup g = new DriverGroup("scan");
            // register every driver before submitting any: a driver that finishes first would seal the group
            List<Driver> drivers = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                drivers.add(new Driver("scan" + d, new DriverBody()
                {
                    boolean took;

                    @Override
                    public Step process(long deadlineNanos)
                    {
                        if (!took) {
                            took = true;
                            Morsel m = q.next();
                            firstByNode.merge(WorkerThread.currentNumaNode(), m.tabletId() % 2 == WorkerThread.currentNumaNode() ? 1L : 0L, Long::sum);
                            done.countDown();
                        }
                        return Step.FINISHED;
                    }

                    @Override
                    public void close()
                    {
                    }
                }, g));
            }
            pool.submitAll(drivers);
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            g.done().get(10, TimeUnit.SECONDS);
            // whichever workers ran the two drivers, each got a morsel of its own node (2 local morsels per node)
            long local = firstByNode.values().stream().mapToLong(Long::longValue).sum();
            assertThat(local).isEqualTo(2);
            assertThat(q.remoteTaken()).isZero();
        }
    }
}
