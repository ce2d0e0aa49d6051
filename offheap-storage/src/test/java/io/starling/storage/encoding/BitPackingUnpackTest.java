package io.starling.storage.encoding;

import io.starling.storage.io.ByteSink;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BitPacking#unpack} and {@link BitPacking#unpackInts} (the bulk scan paths) agree with the one-value {@link BitPacking#get} for every width,
 * start offset and count, including ranges that end in the padding of the stream and segments that end right
 * after that padding (the word copy must not read past the segment).
 */
class BitPackingUnpackTest
{
    private static final long SEED = 0x5EEDB17L;

    @Test
    void unpackMatchesGetForAllWidthsAndOffsets()
    {
        System.out.println("BitPackingUnpackTest seed " + SEED);
        Random rnd = new Random(SEED);
        long[] out = new long[BitPacking.UNPACK_CHUNK];
        int[] ints = new int[BitPacking.UNPACK_CHUNK];
        for (int width = 0; width <= BitPacking.MAX_WIDTH; width++) {
            int n = 1 + rnd.nextInt(9000);
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = width == 0 ? 0 : rnd.nextLong() & BitPacking.mask(width);
            }
            ByteSink sink = new ByteSink();
            sink.writeByte(0x7F); // a header byte so that the stream does not start at offset 0
            BitPacking.pack(values, n, width, sink);
            // exactly sized: a copy of the stream that ends with the padding, no slack behind it
            MemorySegment seg = MemorySegment.ofArray(sink.toByteArray());
            long min = rnd.nextInt(1000) - 500;
            for (int trial = 0; trial < 20; trial++) {
                int first = trial <= 1 ? 0 : rnd.nextInt(n);
                int count = trial == 1 ? Math.min(n, BitPacking.UNPACK_CHUNK) : rnd.nextInt(Math.min(n - first, BitPacking.UNPACK_CHUNK) + 1);
                if (trial == 2) {
                    count = Math.min(n - first, BitPacking.UNPACK_CHUNK);
                    first = n - count;
                }
                BitPacking.unpack(seg, 1, width, first, count, min, out);
                BitPacking.unpackInts(seg, 1, width, first, count, min, ints);
                for (int i = 0; i < count; i++) {
                    assertThat(out[i]).as("width %d first %d i %d", width, first, i).isEqualTo(min + values[first + i]);
                    assertThat(out[i]).isEqualTo(min + BitPacking.get(seg, 1, width, first + i));
                    assertThat(ints[i]).as("unpackInts width %d first %d i %d", width, first, i).isEqualTo((int) out[i]);
                }
            }
        }
    }
}
