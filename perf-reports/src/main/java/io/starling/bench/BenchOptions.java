package io.starling.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of the harness ({@code bin/starling bench ...}).
 *
 * @param suites        suites to run, in order
 * @param scaleFactor   TPC-H / SSB scale factor (1 = 6M lineitem / lineorder rows)
 * @param runs          timed runs per query and engine after one warm-up run; the best is reported
 * @param out           report directory (README.md + ratios.svg), or null for none
 * @param dataCache     where generated table files are cached
 * @param workDir       scratch directory for the Starling server's data (deleted afterwards)
 * @param heap          -Xmx of the Starling server JVM
 * @param timeoutSecs   per-query timeout on both engines
 * @param only          run only these query ids (e.g. "tpch.q01"); empty = all
 * @param tolerateKnown failures listed in {@link KnownFailures} do not make the exit status non-zero
 * @param projectRoot   repository root (conf/jvm.properties lives there)
 */
record BenchOptions(List<Suite> suites, double scaleFactor, int runs, Path out, Path dataCache, Path workDir,
        String heap, int timeoutSecs, Set<String> only, boolean tolerateKnown, Path projectRoot)
{
    static final String USAGE = """
            usage: bin/starling bench [--suite tpch|ssb|all] [--sf 0.1] [--runs 3] [--out DIR]
                                      [--data-cache data/bench] [--work-dir DIR] [--heap 6g] [--timeout 600]
                                      [--only tpch.q01,ssb.q1.1] [--tolerate-known]
              --out defaults to perf-reports/<today>-tpch-ssb-sf<sf>; --out none writes no report.""";

    static BenchOptions parse(String[] args, Path projectRoot)
    {
        List<Suite> suites = List.of(Suite.TPCH, Suite.SSB);
        double sf = 0.1;
        int runs = 3;
        String out = null;
        Path cache = projectRoot.resolve("data/bench");
        Path work = null;
        String heap = "6g";
        int timeout = 600;
        Set<String> only = Set.of();
        boolean tolerate = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--tolerate-known")) {
                tolerate = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--suite" -> suites = switch (v) {
                    case "tpch" -> List.of(Suite.TPCH);
                    case "ssb" -> List.of(Suite.SSB);
                    case "all" -> List.of(Suite.TPCH, Suite.SSB);
                    default -> throw new IllegalArgumentException("unknown suite '" + v + "'");
                };
                case "--sf" -> sf = Double.parseDouble(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--out" -> out = v;
                case "--data-cache" -> cache = Path.of(v);
                case "--work-dir" -> work = Path.of(v);
                case "--heap" -> heap = v;
                case "--timeout" -> timeout = Integer.parseInt(v);
                case "--only" -> only = Set.of(v.split(","));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (sf <= 0 || runs < 1 || timeout < 1) {
            throw new IllegalArgumentException("--sf, --runs and --timeout must be positive");
        }
        Path outDir;
        if ("none".equals(out)) {
            outDir = null;
        }
        else if (out == null) {
            String name = LocalDate.now() + "-tpch-ssb-sf" + DataFiles.sfName(sf);
            if (suites.size() == 1) {
                name = LocalDate.now() + "-" + suites.get(0).database + "-sf" + DataFiles.sfName(sf);
            }
            outDir = projectRoot.resolve("perf-reports").resolve(name);
        }
        else {
            outDir = Path.of(out);
        }
        if (work == null) {
            work = cache.resolve("work");
        }
        return new BenchOptions(new ArrayList<>(suites), sf, runs, outDir, cache, work, heap, timeout, only, tolerate,
                projectRoot);
    }
}
