package io.starling.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The load section states rows/s per core for both engines, their ratio and Starling's parse/sink/commit split. */
class ReportWriterLoadTest
{
    @Test
    void loadTableHasPerCoreRatesRatioAndSplit()
    {
        BenchOptions o = BenchOptions.parse(new String[] {"--suite", "tpch", "--out", "none"}, Path.of("."));
        BenchResult r = new BenchResult(o);
        r.duckDbThreads = 2;
        r.loadMethod = StarlingLoader.Method.STREAM_LOAD;
        // 6,000,000 rows: Starling 10 s (600,000 rows/s, 300,000 a core), DuckDB 8 s (750,000, 375,000 a core)
        r.loads.add(new BenchResult.LoadOutcome(Suite.TPCH, "lineitem", 6_000_000, 10_000, 8_000, 4_000, 5_000, 900, 2));
        String md = ReportWriter.markdown(r, "test");
        assertThat(md).contains("| tpch | lineitem | 6,000,000 | 10000 | 600,000 | 300,000 | 8000 | 750,000 | 375,000 | "
                + "1.25 | 4000 / 5000 / 900 |");
        assertThat(md).contains("divided by the 2 worker threads");
    }
}
