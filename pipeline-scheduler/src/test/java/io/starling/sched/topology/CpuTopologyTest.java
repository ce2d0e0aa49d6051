package io.starling.sched.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTopologyTest
{
    @TempDir
    Path tmp;

    /** 2 nodes x 2 cores x 2 SMT threads, Linux numbering: cpu c and c+4 are siblings; cpus 0,1,4,5 on node 0. */
    private Path fakeSysfs(String online) throws IOException
    {
        Path sys = tmp.resolve("sys");
        Path cpu = Files.createDirectories(sys.resolve("cpu"));
        Files.writeString(cpu.resolve("online"), online + "\n");
        for (int c = 0; c < 8; c++) {
            Path topo = Files.createDirectories(cpu.resolve("cpu" + c).resolve("topology"));
            int core = c % 4;
            Files.writeString(topo.resolve("physical_package_id"), (core / 2) + "\n");
            // core ids repeat per package, as on real machines
            Files.writeString(topo.resolve("core_id"), (core % 2) + "\n");
        }
        Files.createDirectories(sys.resolve("node").resolve("node0"));
        Files.writeString(sys.resolve("node").resolve("node0").resolve("cpulist"), "0-1,4-5\n");
        Files.createDirectories(sys.resolve("node").resolve("node1"));
        Files.writeString(sys.resolve("node").resolve("node1").resolve("cpulist"), "2-3,6-7\n");
        return sys;
    }

    @Test
    void readsCoresSiblingsAndNodesFromSysfs() throws IOException
    {
        CpuTopology t = CpuTopology.detect(fakeSysfs("0-7"), tmp.resolve("missing-status"));
        assertThat(t.cpuCount()).isEqualTo(8);
        assertThat(t.coreCount()).isEqualTo(4);
        assertThat(t.nodeCount()).isEqualTo(2);
        assertThat(t.nodeIndexOfCpu(5)).isZero();
        assertThat(t.nodeIndexOfCpu(6)).isEqualTo(1);
        // one CPU per physical core first, nodes interleaved, then the SMT siblings
        assertThat(t.planWorkerCpus(4)).containsExactly(0, 2, 1, 3);
        assertThat(t.planWorkerCpus(8)).containsExactly(0, 2, 1, 3, 4, 5, 6, 7);
        assertThat(t.planWorkerCpus(10)).containsExactly(0, 2, 1, 3, 4, 5, 6, 7, 0, 2);
    }

    @Test
    void honoursTheAllowedCpuListOfTheProcess() throws IOException
    {
        Path status = tmp.resolve("status");
        Files.writeString(status, "Name:\tjava\nCpus_allowed:\t0c\nCpus_allowed_list:\t2-3\n");
        CpuTopology t = CpuTopology.detect(fakeSysfs("0-7"), status);
        assertThat(t.cpus()).extracting(CpuTopology.Cpu::id).containsExactly(2, 3);
        assertThat(t.nodeCount()).isEqualTo(1);
        assertThat(t.nodeIndexOfCpu(3)).isZero();
    }

    @Test
    void fallsBackToAFlatTopologyWithoutSysfs()
    {
        CpuTopology t = CpuTopology.detect(tmp.resolve("nothing"), tmp.resolve("nothing-either"));
        assertThat(t.cpuCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(t.nodeCount()).isEqualTo(1);
        assertThat(t.source()).startsWith("fallback");
    }

    @Test
    void parsesLinuxListFormat()
    {
        assertThat(CpuTopology.parseList("0-3,8,10-11").stream().toArray()).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(CpuTopology.parseList("").isEmpty()).isTrue();
    }

    @Test
    void syntheticTopologyMatchesLinuxNumbering()
    {
        CpuTopology t = CpuTopology.synthetic(2, 2, 2);
        assertThat(t.cpuCount()).isEqualTo(8);
        assertThat(t.coreCount()).isEqualTo(4);
        assertThat(t.planWorkerCpus(4)).containsExactly(0, 2, 1, 3);
    }

    @Test
    void thisMachinesTopologyIsUsable()
    {
        CpuTopology t = CpuTopology.system();
        System.out.println("system topology: " + t + " (" + t.source() + ")");
        assertThat(t.cpuCount()).isGreaterThanOrEqualTo(1);
        assertThat(t.nodeCount()).isGreaterThanOrEqualTo(1);
        assertThat(t.planWorkerCpus(t.cpuCount())).doesNotHaveDuplicates();
    }
}
