package io.starling.sched.topology;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AffinityTest
{
    @Test
    void pinnedThreadRunsOnItsCpu() throws Exception
    {
        assumeTrue(Affinity.isSupported(), () -> "pinning unsupported: " + Affinity.unsupportedReason());
        int cpu = CpuTopology.system().cpus().getLast().id();
        AtomicReference<String> error = new AtomicReference<>();
        AtomicInteger seen = new AtomicInteger(-2);
        Thread t = Thread.ofPlatform().start(() -> {
            error.set(Affinity.pinCurrentThread(cpu));
            seen.set(Affinity.currentCpu());
        });
        t.join();
        // a cpuset that refuses the CPU is an environment limit, not a failure of the binding
        assumeTrue(error.get() == null, () -> "pinning refused here: " + error.get());
        assertThat(seen.get()).isEqualTo(cpu);
    }

    @Test
    void aCpuOutsideTheAllowedSetIsReportedNotThrown() throws Exception
    {
        assumeTrue(Affinity.isSupported());
        AtomicReference<String> error = new AtomicReference<>();
        // a fresh thread, so even an unexpected success would not pin the test runner
        Thread t = Thread.ofPlatform().start(() -> error.set(Affinity.pinCurrentThread(1023)));
        t.join();
        assumeTrue(CpuTopology.system().cpus().stream().noneMatch(c -> c.id() == 1023));
        assertThat(error.get()).contains("errno 22");
        assertThat(Affinity.pinCurrentThread(-1)).contains("outside");
    }
}
