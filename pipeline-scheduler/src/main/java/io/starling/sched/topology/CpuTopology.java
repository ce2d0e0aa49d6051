package io.starling.sched.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPUs this process may run on, grouped into physical cores (SMT siblings) and NUMA nodes, read once from
 * Linux' sysfs (notes/jdk25-performance.md §2.5):
 * <ul>
 *   <li>{@code /sys/devices/system/cpu/online} and {@code Cpus_allowed_list} of {@code /proc/self/status}
 *       (the container's cpuset / taskset mask): the usable CPUs;</li>
 *   <li>{@code cpuN/topology/{physical_package_id,core_id}}: which CPUs share a physical core;</li>
 *   <li>{@code /sys/devices/system/node/nodeK/cpulist}: CPUs per NUMA node (absent on non-NUMA kernels: one node).</li>
 * </ul>
 * Anything unreadable (non-Linux, a locked-down container) degrades to "N CPUs, one core each, one node" with N =
 * {@link Runtime#availableProcessors()}; {@link #source()} says which. Immutable.
 */
public final class CpuTopology
{
    private static final Logger LOG = LoggerFactory.getLogger(CpuTopology.class);

    /** One usable logical CPU. {@code core} numbers physical cores densely from 0; {@code node} is the NUMA node id. */
    public record Cpu(int id, int core, int node)
    {
    }

    private static volatile CpuTopology system;

    private final List<Cpu> cpus;
    private final int[] nodeIds;
    private final String source;

    private CpuTopology(List<Cpu> cpus, String source)
    {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one CPU");
        }
        List<Cpu> sorted = new ArrayList<>(cpus);
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        this.cpus = List.copyOf(sorted);
        this.nodeIds = sorted.stream().mapToInt(Cpu::node).distinct().sorted().toArray();
        this.source = source;
    }

    /** The machine's topology, detected on first use and cached (logged once). */
    public static CpuTopology system()
    {
        CpuTopology t = system;
        if (t == null) {
            synchronized (CpuTopology.class) {
                t = system;
                if (t == null) {
                    t = detect(Path.of("/sys/devices/system"), Path.of("/proc/self/status"));
                    LOG.info("CPU topology ({}): {}", t.source(), t);
                    system = t;
                }
            }
        }
        return t;
    }

    /**
     * Reads the topology below {@code sysRoot} (normally {@code /sys/devices/system}) restricted to the
     * {@code Cpus_allowed_list} of {@code procStatus}; falls back to {@link #flat} when the files are missing.
     */
    public static CpuTopology detect(Path sysRoot, Path procStatus)
    {
        int fallbackCount = Runtime.getRuntime().availableProcessors();
        try {
            Path cpuDir = sysRoot.resolve("cpu");
            BitSet online = parseList(Files.readString(cpuDir.resolve("online")).trim());
            BitSet allowed = readAllowed(procStatus);
            if (allowed != null) {
                online.and(allowed);
            }
            if (online.isEmpty()) {
                return flat(fallbackCount, "fallback: no online CPU in the allowed set");
            }
            Map<Integer, Integer> nodeOfCpu = readNodes(sysRoot.resolve("node"));
            Map<String, Integer> coreIds = new TreeMap<>();
            List<Cpu> cpus = new ArrayList<>();
            for (int c = online.nextSetBit(0); c >= 0; c = online.nextSetBit(c + 1)) {
                Path topo = cpuDir.resolve("cpu" + c).resolve("topology");
                String pkg = readOr(topo.resolve("physical_package_id"), "0");
                String core = readOr(topo.resolve("core_id"), "cpu" + c);
                // core_id repeats across packages, so the physical core is the (package, core_id) pair
                String key = pkg + "/" + core;
                Integer dense = coreIds.get(key);
                if (dense == null) {
                    dense = coreIds.size();
                    coreIds.put(key, dense);
                }
                cpus.add(new Cpu(c, dense, nodeOfCpu.getOrDefault(c, 0)));
            }
            return new CpuTopology(cpus, "sysfs " + sysRoot);
        }
        catch (IOException | RuntimeException e) {
            return flat(fallbackCount, "fallback: " + e);
        }
    }

    /** {@code count} CPUs, each its own core, all on node 0. */
    public static CpuTopology flat(int count, String source)
    {
        List<Cpu> cpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cpus.add(new Cpu(i, i, 0));
        }
        return new CpuTopology(cpus, source);
    }

    /**
     * A made-up machine for tests: {@code nodes} nodes of {@code coresPerNode} cores with {@code threadsPerCore}
     * SMT threads; CPU ids are numbered Linux style (all first threads, then all second threads).
     */
    public static CpuTopology synthetic(int nodes, int coresPerNode, int threadsPerCore)
    {
        List<Cpu> cpus = new ArrayList<>();
        int cores = nodes * coresPerNode;
        for (int t = 0; t < threadsPerCore; t++) {
            for (int core = 0; core < cores; core++) {
                cpus.add(new Cpu(t * cores + core, core, core / coresPerNode));
            }
        }
        return new CpuTopology(cpus, "synthetic " + nodes + "x" + coresPerNode + "x" + threadsPerCore);
    }

    /** Usable CPUs by id. */
    public List<Cpu> cpus()
    {
        return cpus;
    }

    public int cpuCount()
    {
        return cpus.size();
    }

    /** Number of physical cores among the usable CPUs. */
    public int coreCount()
    {
        return (int) cpus.stream().mapToInt(Cpu::core).distinct().count();
    }

    /** NUMA nodes with at least one usable CPU. */
    public int nodeCount()
    {
        return nodeIds.length;
    }

    /**
     * Dense index (0 .. {@link #nodeCount()}-1) of the node of {@code cpuId}; 0 for an unknown CPU. Queues are
     * indexed by this, not by the kernel's node id, which may have gaps (a node without usable CPUs).
     */
    public int nodeIndexOfCpu(int cpuId)
    {
        for (Cpu c : cpus) {
            if (c.id() == cpuId) {
                return nodeIndex(c.node());
            }
        }
        return 0;
    }

    private int nodeIndex(int nodeId)
    {
        for (int i = 0; i < nodeIds.length; i++) {
            if (nodeIds[i] == nodeId) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The CPU for each of {@code workers} workers: first one CPU per physical core (an SMT sibling shares the
     * core's execution units, so a second worker there adds little), nodes interleaved so a small pool still uses
     * every node's memory bandwidth; then the SMT siblings; beyond the CPU count the list wraps around (the caller
     * decides whether to pin in that case).
     */
    public int[] planWorkerCpus(int workers)
    {
        List<List<Cpu>> firstPerCoreByNode = new ArrayList<>();
        List<Cpu> siblings = new ArrayList<>();
        for (int n = 0; n < nodeIds.length; n++) {
            firstPerCoreByNode.add(new ArrayList<>());
        }
        BitSet seenCores = new BitSet();
        for (Cpu c : cpus) {
            if (seenCores.get(c.core())) {
                siblings.add(c);
            }
            else {
                seenCores.set(c.core());
                firstPerCoreByNode.get(nodeIndex(c.node())).add(c);
            }
        }
        List<Cpu> order = new ArrayList<>();
        for (int round = 0; order.size() < cpus.size() - siblings.size(); round++) {
            for (List<Cpu> perNode : firstPerCoreByNode) {
                if (round < perNode.size()) {
                    order.add(perNode.get(round));
                }
            }
        }
        order.addAll(siblings);
        int[] plan = new int[workers];
        for (int i = 0; i < workers; i++) {
            plan[i] = order.get(i % order.size()).id();
        }
        return plan;
    }

    /** Where the topology came from (sysfs path, synthetic, or the reason for a fallback). */
    public String source()
    {
        return source;
    }

    @Override
    public String toString()
    {
        StringBuilder sb = new StringBuilder();
        sb.append(cpus.size()).append(" CPUs, ").append(coreCount()).append(" cores, ").append(nodeIds.length).append(" NUMA node(s)");
        for (int n : nodeIds) {
            List<Integer> ids = new ArrayList<>();
            for (Cpu c : cpus) {
                if (c.node() == n) {
                    ids.add(c.id());
                }
            }
            sb.append("; node").append(n).append('=').append(ids);
        }
        return sb.toString();
    }

    /** Parses Linux' list format ({@code 0-3,8,10-11}). */
    public static BitSet parseList(String list)
    {
        BitSet bits = new BitSet();
        if (list.isEmpty()) {
            return bits;
        }
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                bits.set(Integer.parseInt(p));
            }
            else {
                bits.set(Integer.parseInt(p.substring(0, dash)), Integer.parseInt(p.substring(dash + 1)) + 1);
            }
        }
        return bits;
    }

    private static BitSet readAllowed(Path procStatus) throws IOException
    {
        if (!Files.isReadable(procStatus)) {
            return null;
        }
        for (String line : Files.readAllLines(procStatus)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return parseList(line.substring("Cpus_allowed_list:".length()).trim());
            }
        }
        return null;
    }

    private static Map<Integer, Integer> readNodes(Path nodeDir) throws IOException
    {
        if (!Files.isDirectory(nodeDir)) {
            return Collections.emptyMap();
        }
        Map<Integer, Integer> nodeOfCpu = new TreeMap<>();
        try (var entries = Files.list(nodeDir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("node\\d+") || !Files.isReadable(p.resolve("cpulist"))) {
                    continue;
                }
                int node = Integer.parseInt(name.substring(4));
                BitSet cpus = parseList(Files.readString(p.resolve("cpulist")).trim());
                for (int c = cpus.nextSetBit(0); c >= 0; c = cpus.nextSetBit(c + 1)) {
                    nodeOfCpu.put(c, node);
                }
            }
        }
        return nodeOfCpu;
    }

    private static String readOr(Path file, String fallback)
    {
        try {
            return Files.readString(file).trim();
        }
        catch (IOException e) {
            return fallback;
        }
    }
}
