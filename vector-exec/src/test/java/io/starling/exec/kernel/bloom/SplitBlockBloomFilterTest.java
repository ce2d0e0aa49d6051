package io.starling.exec.kernel.bloom;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime-filter bloom filter: no false negatives, a false-positive rate within the documented bound, and the
 * Panama probe equal to its scalar twin. Fixed seed (printed), overridable with {@code -Dtests.seed}.
 */
class SplitBlockBloomFilterTest
{
    private static final long SEED = Long.getLong("tests.seed", 0x5eed_b100L);

    @Test
    void noFalseNegativesAndBoundedFalsePositives()
    {
        System.out.println("SplitBlockBloomFilterTest seed=" + SEED);
        Random r = new Random(SEED);
        for (int keys : new int[] {1, 100, 1025, 50_000, 200_000}) {
            SplitBlockBloomFilter f = SplitBlockBloomFilter.forKeys(keys);
            Set<Long> inserted = new HashSet<>();
            while (inserted.size() < keys) {
                inserted.add(r.nextLong());
            }
            for (long k : inserted) {
                f.insert(KeyHash.hashLong(k));
            }
            for (long k : inserted) {
                assertThat(f.mightContain(KeyHash.hashLong(k))).isTrue();
            }
            int probes = 200_000;
            int fp = 0;
            for (int i = 0; i < probes; i++) {
                long k = r.nextLong();
                if (!inserted.contains(k) && f.mightContain(KeyHash.hashLong(k))) {
                    fp++;
                }
            }
            double rate = fp / (double) probes;
            // 10 bits per key give about 1 %; 3 % is the brief's upper bound
            assertThat(rate).as("false positive rate for %d keys", keys).isLessThan(0.03);
        }
    }

    @Test
    void denseIntegerKeys()
    {
        // consecutive keys (surrogate ids) must spread as well as random ones
        SplitBlockBloomFilter f = SplitBlockBloomFilter.forKeys(100_000);
        for (long k = 0; k < 100_000; k++) {
            f.insert(KeyHash.hashLong(k));
        }
        int fp = 0;
        for (long k = 100_000; k < 300_000; k++) {
            fp += f.mightContain(KeyHash.hashLong(k)) ? 1 : 0;
        }
        assertThat(fp / 200_000.0).isLessThan(0.03);
        for (long k = 0; k < 100_000; k++) {
            assertThat(f.mightContain(KeyHash.hashLong(k))).isTrue();
        }
    }

    @Test
    void sizing()
    {
        assertThat(SplitBlockBloomFilter.forKeys(0).blocks()).isEqualTo(1);
        assertThat(SplitBlockBloomFilter.forKeys(25).blocks()).isEqualTo(1);
        // 1000 keys x 10 bits = 10,000 bits = 40 blocks -> 64
        assertThat(SplitBlockBloomFilter.forKeys(1000).blocks()).isEqualTo(64);
        assertThat(Integer.bitCount(SplitBlockBloomFilter.forKeys(123_457).blocks())).isEqualTo(1);
    }

    @Test
    void panamaProbeEqualsScalarTwin()
    {
        Random r = new Random(SEED + 1);
        BloomProbe scalar = new ScalarBloomProbe();
        BloomProbe panama = PanamaBloomProbe.create();
        SplitBlockBloomFilter f = SplitBlockBloomFilter.forKeys(3000);
        long[] keys = new long[3000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = r.nextInt(20_000);
            f.insert(KeyHash.hashLong(keys[i]));
        }
        for (int n : new int[] {0, 1, 7, 8, 9, 4095, 4096}) {
            long[] h1 = new long[n];
            int[] p1 = new int[n];
            for (int i = 0; i < n; i++) {
                long k = r.nextBoolean() ? keys[r.nextInt(keys.length)] : r.nextInt(40_000);
                h1[i] = KeyHash.hashLong(k);
                p1[i] = i * 3;
            }
            long[] h2 = h1.clone();
            int[] p2 = p1.clone();
            int k1 = scalar.probe(f, h1, p1, n);
            int k2 = panama.probe(f, h2, p2, n);
            assertThat(k2).isEqualTo(k1);
            for (int i = 0; i < k1; i++) {
                assertThat(p2[i]).isEqualTo(p1[i]);
                assertThat(f.mightContain(h1[i])).isTrue();
            }
        }
    }

    @Test
    void bytesHashesAgreeAcrossArrayAndSegment()
    {
        byte[] b = "Brand#12 MED BOX".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var seg = java.lang.foreign.MemorySegment.ofArray(b);
        assertThat(KeyHash.hashBytes(seg, 2, 9)).isEqualTo(KeyHash.hashBytes(b, 2, 9));
    }
}
