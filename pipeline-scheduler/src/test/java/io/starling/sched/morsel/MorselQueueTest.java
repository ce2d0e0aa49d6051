package io.starling.sched.morsel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
        MorselQueue q = new MorselQueue(morsels);
        Set<Morsel> seen = ConcurrentHashMap.newKeySet();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                Morsel m;
                while ((m = q.next()) != null) {
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
}
