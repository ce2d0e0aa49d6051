package io.starling.storage.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs each bandwidth benchmark method once on a small buffer and checks its result. */
class MemoryBandwidthBenchmarkTest
{
    @Test
    void sumsAndCopyReturnTheBufferContents()
    {
        // 64 KiB + 24 bytes: not a multiple of four vectors, so the scalar tail of sumVector runs too
        MemoryBandwidthBenchmark b = new MemoryBandwidthBenchmark();
        b.bytes = 65536 + 24;
        b.setUp();
        try {
            long expected = b.expectedSum();
            assertThat(b.sumScalar()).isEqualTo(expected);
            assertThat(b.sumVector()).isEqualTo(expected);
            long last = (b.bytes / Long.BYTES - 1) * 0x9E3779B97F4A7C15L;
            assertThat(b.copy()).isEqualTo(last);
        }
        finally {
            b.tearDown();
        }
    }
}
