package io.starling.storage.compress;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsTest
{
    @Test
    void lz4RoundTripsFromHeapAndNativeSources()
    {
        byte[] src = "the quick brown fox jumps over the lazy dog ".repeat(200).getBytes(StandardCharsets.US_ASCII);
        Codec lz4 = Codecs.byId(1);
        assertThat(lz4).isSameAs(Codecs.LZ4);
        byte[] comp = new byte[lz4.maxCompressedLength(src.length) + 5];
        int n = lz4.compress(src, 0, src.length, comp, 5);
        assertThat(Codecs.worthCompressing(src.length, n)).isTrue();

        byte[] out = new byte[src.length];
        lz4.decompress(MemorySegment.ofArray(comp), 5, n, out, 0, src.length);
        assertThat(out).isEqualTo(src);

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nat = arena.allocate(n + 3);
            MemorySegment.copy(comp, 5, nat, ValueLayout.JAVA_BYTE, 3, n);
            byte[] out2 = new byte[src.length + 7];
            lz4.decompress(nat, 3, n, out2, 7, src.length);
            assertThat(Arrays.copyOfRange(out2, 7, out2.length)).isEqualTo(src);
        }
        assertThatThrownBy(() -> lz4.decompress(MemorySegment.ofArray(comp), 5, n, new byte[src.length + 10], 0, src.length + 10))
                .isInstanceOf(CorruptDataException.class);
    }

    @Test
    void randomBytesAreNotWorthCompressing()
    {
        byte[] src = new byte[65536];
        new Random(3).nextBytes(src);
        byte[] comp = new byte[Codecs.LZ4.maxCompressedLength(src.length)];
        int n = Codecs.LZ4.compress(src, 0, src.length, comp, 0);
        assertThat(Codecs.worthCompressing(src.length, n)).isFalse();
        assertThat(Codecs.worthCompressing(100, 90)).isTrue();
        assertThat(Codecs.worthCompressing(100, 91)).isFalse();
        assertThat(Codecs.byId(0)).isSameAs(Codecs.NONE);
        assertThat(Codecs.byId(9)).isNull();
    }
}
