package io.starling.exec.kernel;

import io.starling.exec.kernel.agg.ScalarAggKernels;
import io.starling.exec.kernel.agg.SumBenchmark;
import io.starling.exec.kernel.filter.FilterBenchmark;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark method once per implementation on a small input and checks its result (Elasticsearch
 * {@code benchmarkTest} style), so a benchmark never measures a wrong kernel.
 */
class BenchmarkResultsTest
{
    @Test
    void filterBenchmarkCountsMatchAPlainLoop()
    {
        for (Impl impl : Impl.values()) {
            for (int selectivity : new int[] {1, 50, 99}) {
                FilterBenchmark b = new FilterBenchmark();
                b.impl = impl;
                b.rows = 16384;
                b.selectivity = selectivity;
                b.setUp();
                try {
                    long expected = b.expectedPassed();
                    assertThat(expected).isPositive();
                    assertThat(b.betweenBitmask()).as(impl + " " + selectivity).isEqualTo(expected);
                    assertThat(b.betweenSelection()).as(impl + " " + selectivity).isEqualTo(expected);
                }
                finally {
                    b.tearDown();
                }
            }
        }
    }

    @Test
    void sumBenchmarkResultsMatchTheScalarSpecification()
    {
        for (Impl impl : Impl.values()) {
            SumBenchmark b = new SumBenchmark();
            b.impl = impl;
            b.rows = 16384 + 13;
            b.setUp();
            try {
                ScalarAggKernels s = ScalarAggKernels.INSTANCE;
                assertThat(b.sumInt()).as(impl.name()).isEqualTo(s.sumInt(b.ints(), 0, null, b.rows));
                assertThat(b.sumIntNulls()).as(impl.name()).isEqualTo(s.sumInt(b.ints(), 0, b.validity(), b.rows)).isNotEqualTo(b.sumInt());
                assertThat(b.sumLong()).as(impl.name()).isEqualTo(s.sumLong(b.longs(), 0, null, b.rows));
                assertThat(b.sumDouble()).as(impl.name()).isEqualTo(s.sumDouble(b.doubles(), 0, null, b.rows));
            }
            finally {
                b.tearDown();
            }
        }
    }
}
