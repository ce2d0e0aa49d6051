package io.starling.storage.index;

import io.starling.storage.index.bloom.BloomFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Probe throughput of the page bloom filter (split-block layout, scalar probe): {@link #PROBES} hashed keys per
 * invocation against a filter of {@code keys} keys at 5%; half the probes hit. Shows the cost a scan pays per = / IN
 * constant and page, and what a runtime filter would pay per row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BloomProbeBenchmark
        implements io.starling.jmh.Checked
{
    static final int PROBES = 4096;

    @Param({"4096", "1000000"})
    int keys;

    BloomFilter filter;
    long[] probes;

    @Setup
    public void setup()
    {
        Random rnd = new Random(1);
        filter = BloomFilter.create(keys, 0.05);
        long[] added = new long[keys];
        for (int i = 0; i < keys; i++) {
            added[i] = IndexValues.hashLong(rnd.nextLong());
            filter.add(added[i]);
        }
        probes = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            probes[i] = i % 2 == 0 ? added[rnd.nextInt(keys)] : IndexValues.hashLong(rnd.nextLong());
        }
    }

    @Benchmark
    @OperationsPerInvocation(PROBES)
    public int probe()
    {
        int hits = 0;
        for (long h : probes) {
            if (filter.mightContain(h)) {
                hits++;
            }
        }
        return hits;
    }

    /**
     * Every added key hits (no false negatives: half the probes) and the false positives among the other half stay
     * near the filter's 5 % (the bound allows 3x for the small-sample noise).
     */
    @Override
    public Object expected(String method)
    {
        int added = (PROBES + 1) / 2;
        int maxFalsePositives = (int) (PROBES / 2 * 0.15);
        return (java.util.function.Predicate<Object>) r -> {
            int hits = ((Number) r).intValue();
            return hits >= added && hits <= added + maxFalsePositives;
        };
    }
}
