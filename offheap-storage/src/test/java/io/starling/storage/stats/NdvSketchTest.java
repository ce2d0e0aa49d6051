package io.starling.storage.stats;

import io.starling.storage.index.IndexValues;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NdvSketchTest
{
    private static NdvSketch of(long from, long to)
    {
        NdvSketch s = new NdvSketch();
        for (long v = from; v < to; v++) {
            s.add(IndexValues.hashLong(v));
        }
        return s;
    }

    @Test
    void smallSetsAreExactAndSurviveBytes() throws IOException
    {
        NdvSketch s = of(0, 1000);
        s.add(IndexValues.hashLong(5));
        assertThat(s.isDense()).isFalse();
        assertThat(s.estimate()).isEqualTo(1000);
        NdvSketch back = NdvSketch.fromBytes(s.toBytes());
        assertThat(back.estimate()).isEqualTo(1000);
        assertThat(new NdvSketch().estimate()).isZero();
        assertThat(NdvSketch.fromBytes(new NdvSketch().toBytes()).estimate()).isZero();
    }

    @Test
    void largeSetsEstimateWithinThreeStandardErrors() throws IOException
    {
        NdvSketch s = of(0, 200_000);
        assertThat(s.isDense()).isTrue();
        // standard error 0.81%: 3 sigma is 2.4%
        assertThat((double) s.estimate()).isCloseTo(200_000, within(200_000 * 0.025));
        byte[] bytes = s.toBytes();
        // deflated registers: far below the 16 KiB raw form
        assertThat(bytes.length).isLessThan(NdvSketch.M);
        assertThat(NdvSketch.fromBytes(bytes).estimate()).isEqualTo(s.estimate());
    }

    @Test
    void unionOfOverlappingLoadsCountsSharedValuesOnce()
    {
        NdvSketch a = of(0, 60_000);
        NdvSketch b = of(40_000, 100_000);
        a.merge(b);
        assertThat((double) a.estimate()).isCloseTo(100_000, within(2_500.0));
        NdvSketch small = of(0, 10);
        NdvSketch big = of(5, 50_000);
        small.merge(big);
        assertThat((double) small.estimate()).isCloseTo(50_000, within(1_250.0));
        NdvSketch exact = of(0, 10);
        exact.merge(of(5, 20));
        assertThat(exact.estimate()).isEqualTo(20);
    }

    @Test
    void corruptBytesAreRefused()
    {
        assertThatThrownBy(() -> NdvSketch.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IOException.class);
    }
}
