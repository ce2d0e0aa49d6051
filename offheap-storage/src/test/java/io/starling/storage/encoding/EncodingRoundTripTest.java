package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.testing.TestData;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodingRoundTripTest
{
    private final MemoryContext ctx = MemoryContext.process().newChild("encoding-test");

    @AfterEach
    void checkNoLeak()
    {
        assertThat(ctx.used()).isZero();
        ctx.close();
    }

    @Test
    void everyEncodingRoundTripsEveryTypeItSupports()
    {
        Random rnd = new Random(TestData.seed("everyEncodingRoundTripsEveryTypeItSupports"));
        for (DataType type : TestData.ALL_TYPES) {
            for (EncodingType enc : EncodingType.values()) {
                if (!enc.encoding().supports(type.physical())) {
                    continue;
                }
                for (int shape = 0; shape < 4; shape++) {
                    for (double nullRate : new double[] {0, 0.1, 1.0}) {
                        int n = switch (rnd.nextInt(4)) {
                            case 0 -> 0;
                            case 1 -> 1 + rnd.nextInt(3);
                            default -> 1 + rnd.nextInt(5000);
                        };
                        roundTrip(type, enc, n, shape, nullRate, rnd);
                    }
                }
            }
        }
    }

    private void roundTrip(DataType type, EncodingType enc, int n, int shape, double nullRate, Random rnd)
    {
        String context = type + " " + enc + " n=" + n + " shape=" + shape + " nulls=" + nullRate;
        int lead = rnd.nextInt(5);
        try (ColumnVector src = new ColumnVector(type, lead + n + 1, ctx);
                ColumnVector dst = new ColumnVector(type, n + 8, ctx)) {
            TestData.fill(src, 0, lead + n, rnd, shape, nullRate);
            ByteSink out = new ByteSink();
            EncodingType used = PageEncoder.encode(enc, src, lead, n, out);
            if (enc == EncodingType.BIT_PACKED && shape == 0 && n > 3 || enc == EncodingType.DICT && n > 0 && nullRate < 1 && shape == 0) {
                // wide ranges / mostly distinct strings are declined and fall back
                assertThat(used).as(context).isIn(enc, EncodingType.PLAIN);
            }
            MemorySegment body = out.segment();

            // whole page at a non-zero destination offset (VARLEN: earlier rows written first)
            int dstOffset = 3;
            for (int i = 0; i < dstOffset; i++) {
                dst.setNull(i, true);
            }
            copyNulls(src, lead, dst, dstOffset, n);
            PageEncoder.decode(used, body, n, 0, n, dst, dstOffset);
            TestData.assertSameRows(src, lead, dst, dstOffset, n, context);

            // a sub-range
            if (n > 2) {
                int first = rnd.nextInt(n - 1);
                int count = 1 + rnd.nextInt(n - first);
                dst.resetNulls();
                dst.resetVarlen();
                copyNulls(src, lead + first, dst, 0, count);
                PageEncoder.decode(used, body, n, first, count, dst, 0);
                TestData.assertSameRows(src, lead + first, dst, 0, count, context + " range " + first + "+" + count);
            }
        }
    }

    /** The segment reader applies nulls before decoding; mimic it. */
    private static void copyNulls(ColumnVector src, int from, ColumnVector dst, int dstOffset, int n)
    {
        for (int i = 0; i < n; i++) {
            dst.setNull(dstOffset + i, src.isNull(from + i));
        }
    }

    @Test
    void automaticChoicePicksCompactEncodings()
    {
        try (ColumnVector v = new ColumnVector(DataType.BIGINT, 4096, ctx);
                ColumnVector s = new ColumnVector(DataType.STRING, 4096, ctx)) {
            for (int i = 0; i < 4096; i++) {
                v.setLong(i, 1_000_000 + (i % 100));
                s.setString(i, "city-" + (i % 10));
            }
            ByteSink out = new ByteSink();
            assertThat(PageEncoder.encode(v, 0, 4096, out)).isEqualTo(EncodingType.BIT_PACKED);
            assertThat(out.size()).isLessThan(4096);
            for (int i = 0; i < 4096; i++) {
                v.setLong(i, i / 1000);
            }
            out.reset();
            assertThat(PageEncoder.encode(v, 0, 4096, out)).isEqualTo(EncodingType.RLE);
            assertThat(out.size()).isEqualTo(4 + 5 * RleEncoding.RUN_BYTES);
            out.reset();
            assertThat(PageEncoder.encode(s, 0, 4096, out)).isEqualTo(EncodingType.DICT);
        }
    }

    @Test
    void dictionaryFallsBackWhenTooManyDistinctOrTooLarge()
    {
        try (ColumnVector s = new ColumnVector(DataType.STRING, 1000, ctx)) {
            for (int i = 0; i < 1000; i++) {
                s.setString(i, "distinct-" + i);
            }
            ByteSink out = new ByteSink();
            assertThat(DictEncoding.INSTANCE.encode(s, 0, 1000, out)).isFalse();
            assertThat(out.size()).isZero();
            assertThat(PageEncoder.encode(s, 0, 1000, out)).isEqualTo(EncodingType.PLAIN);
        }
        try (ColumnVector s = new ColumnVector(DataType.STRING, 1000, ctx)) {
            String big = "x".repeat(1000);
            for (int i = 0; i < 1000; i++) {
                s.setString(i, big + (i % 100));
            }
            assertThat(DictEncoding.INSTANCE.encode(s, 0, 1000, new ByteSink())).as("100 KB dictionary").isFalse();
        }
    }

    @Test
    void bitPackingHandlesExtremeRanges()
    {
        try (ColumnVector v = new ColumnVector(DataType.BIGINT, 4, ctx);
                ColumnVector d = new ColumnVector(DataType.BIGINT, 4, ctx)) {
            v.setLong(0, Long.MIN_VALUE);
            v.setLong(1, Long.MIN_VALUE + (1L << 56) - 1);
            v.setLong(2, Long.MIN_VALUE + 5);
            ByteSink out = new ByteSink();
            assertThat(BitPackedEncoding.INSTANCE.encode(v, 0, 3, out)).isTrue();
            BitPackedEncoding.INSTANCE.decode(out.segment(), 3, 0, 3, d, 0);
            TestData.assertSameRows(v, 0, d, 0, 3, "56-bit range");
            v.setLong(1, Long.MAX_VALUE);
            assertThat(BitPackedEncoding.INSTANCE.encode(v, 0, 3, new ByteSink())).as("64-bit range declined").isFalse();
        }
    }

    @Test
    void corruptBodiesThrowInsteadOfWritingOutside()
    {
        try (ColumnVector s = new ColumnVector(DataType.STRING, 100, ctx);
                ColumnVector d = new ColumnVector(DataType.STRING, 100, ctx)) {
            for (int i = 0; i < 100; i++) {
                s.setString(i, "v" + (i % 3));
            }
            ByteSink out = new ByteSink();
            assertThat(DictEncoding.INSTANCE.encode(s, 0, 100, out)).isTrue();
            out.setInt(4, 1 << 30); // dictionary byte count beyond the body
            assertThatThrownBy(() -> DictEncoding.INSTANCE.decode(out.segment(), 100, 0, 100, d, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> PlainEncoding.INSTANCE.decode(MemorySegment.ofArray(new byte[8]), 100, 0, 100, d, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void plainFixedWidthIsLittleEndianValues()
    {
        try (ColumnVector v = new ColumnVector(DataType.INT, 2, ctx)) {
            v.setInt(0, 0x01020304);
            v.setInt(1, -1);
            ByteSink out = new ByteSink();
            PlainEncoding.INSTANCE.encode(v, 0, 2, out);
            assertThat(out.toByteArray()).containsExactly(4, 3, 2, 1, -1, -1, -1, -1);
        }
        assertThat(PhysicalType.INT128.width()).isEqualTo(16);
    }
}
