package io.starling.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one harness run measured; the report is written from this. */
final class BenchResult
{
    /**
     * One query on both engines.
     *
     * @param starlingMs best timed run, or -1 when Starling failed
     * @param duckMs     best timed run of DuckDB, or -1
     * @param problem    null when the answers match, else the error or the first difference
     */
    record QueryOutcome(Suite suite, String id, double starlingMs, double duckMs, String problem, long rows)
    {
        boolean correct()
        {
            return problem == null;
        }

        String qualified()
        {
            return suite.qualified(id);
        }

        double ratio()
        {
            return starlingMs > 0 && duckMs > 0 ? starlingMs / duckMs : Double.NaN;
        }
    }

    /**
     * Load of one table on both engines, with Starling's own split of the Stream Load from its response
     * ({@code ReadDataTimeMs}: parse into batches; {@code WriteDataTimeMs}: the plan's operators and the table sink,
     * i.e. sort, encode, compress, write; {@code CommitAndPublishTimeMs}: fsync, commit, publish); -1 when unknown
     * (INSERT fallback). {@code threads}: worker threads of both engines (DuckDB {@code SET threads}).
     */
    record LoadOutcome(Suite suite, String table, long rows, double starlingMs, double duckMs, long parseMs,
            long sinkMs, long commitMs, int threads)
    {
        /** Rows per second per thread of Starling's Stream Load. */
        double starlingRowsPerSecondPerCore()
        {
            return rows / (starlingMs / 1000.0) / threads;
        }

        /** Rows per second per thread of DuckDB's COPY. */
        double duckRowsPerSecondPerCore()
        {
            return rows / (duckMs / 1000.0) / threads;
        }
    }

    final BenchOptions options;
    final List<QueryOutcome> queries = new ArrayList<>();
    final List<LoadOutcome> loads = new ArrayList<>();
    StarlingLoader.Method loadMethod;
    String loadFallbackReason = "";
    long peakRssKib = -1;
    List<String> starlingJvmOptions = List.of();
    int duckDbThreads;
    String duckDbVersion = "";
    double generateSeconds;

    BenchResult(BenchOptions options)
    {
        this.options = options;
    }

    List<QueryOutcome> unexpectedFailures()
    {
        return queries.stream().filter(q -> !q.correct() && !KnownFailures.isKnown(q.qualified())).toList();
    }

    List<QueryOutcome> failures()
    {
        return queries.stream().filter(q -> !q.correct()).toList();
    }

    /** Geometric mean of the Starling/DuckDB time ratios over the queries both engines answered correctly. */
    double geomeanRatio()
    {
        double logSum = 0;
        int n = 0;
        for (QueryOutcome q : queries) {
            if (q.correct() && !Double.isNaN(q.ratio())) {
                logSum += Math.log(q.ratio());
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(logSum / n);
    }
}
