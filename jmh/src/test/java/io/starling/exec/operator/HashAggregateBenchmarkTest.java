package io.starling.exec.operator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's low-cardinality shapes produce the expected number of groups (it measures a correct run). */
class HashAggregateBenchmarkTest
{
    @Test
    void lowCardinalityGroupCounts()
    {
        assertThat(run(HashAggregateBenchmark.Keys.LOW_CHARS)).isEqualTo(6);
        assertThat(run(HashAggregateBenchmark.Keys.LOW_INT)).isEqualTo(16);
    }

    private static long run(HashAggregateBenchmark.Keys keys)
    {
        HashAggregateBenchmark b = new HashAggregateBenchmark();
        b.keys = keys;
        b.setUp();
        try {
            return b.aggregate();
        }
        finally {
            b.tearDown();
        }
    }
}
