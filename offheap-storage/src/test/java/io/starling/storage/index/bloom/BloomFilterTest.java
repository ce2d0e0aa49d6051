package io.starling.storage.index.bloom;

import io.starling.storage.index.IndexValues;
import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;
import io.starling.storage.types.PhysicalType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BloomFilterTest
{
    @Test
    void noFalseNegativesAndRateWithinBound()
    {
        long seed = 42;
        Random rnd = new Random(seed);
        int n = 10_000;
        BloomFilter f = BloomFilter.create(n, 0.05);
        Set<Long> added = new HashSet<>();
        while (added.size() < n) {
            long v = rnd.nextLong();
            added.add(v);
            f.add(IndexValues.hashLong(v));
        }
        for (long v : added) {
            assertThat(f.mightContain(IndexValues.hashLong(v))).isTrue();
        }
        int fp = 0;
        int probes = 100_000;
        for (int i = 0; i < probes; i++) {
            long v = rnd.nextLong();
            if (!added.contains(v) && f.mightContain(IndexValues.hashLong(v))) {
                fp++;
            }
        }
        assertThat((double) fp / probes).as("false positive rate, seed " + seed).isLessThan(0.05);
    }

    @Test
    void roundTripsAndRejectsGarbage()
    {
        BloomFilter f = BloomFilter.create(100, 0.01);
        f.add(IndexValues.hashValue(PhysicalType.VARLEN, "abc"));
        ByteSink out = new ByteSink();
        f.writeTo(out);
        assertThat(out.size()).isEqualTo(f.byteSize());
        BloomFilter g = BloomFilter.readFrom(new ByteSource(out.segment().asSlice(0, out.size())));
        assertThat(g.mightContain(IndexValues.hashValue(PhysicalType.VARLEN, "abc".getBytes()))).isTrue();
        assertThat(g.numBlocks()).isEqualTo(f.numBlocks());
        out.setInt(0, -1);
        assertThatThrownBy(() -> BloomFilter.readFrom(new ByteSource(out.segment().asSlice(0, out.size()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constantsHashLikeRows()
    {
        assertThat(IndexValues.hashValue(PhysicalType.INT, 7)).isEqualTo(IndexValues.hashLong(7));
        assertThat(IndexValues.hashValue(PhysicalType.DOUBLE, -0.0)).isEqualTo(IndexValues.hashDouble(0.0));
        assertThat(IndexValues.hashValue(PhysicalType.INT128, java.math.BigInteger.valueOf(-1)))
                .isEqualTo(IndexValues.hashInt128(-1, -1));
    }
}
