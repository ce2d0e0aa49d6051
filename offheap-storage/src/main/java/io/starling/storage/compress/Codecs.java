package io.starling.storage.compress;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The codecs: {@link #NONE} (id 0) and {@link #LZ4} (id 1, LZ4 block format via at.yawk.lz4:lz4-java), and the
 * rule deciding whether a compressed page is worth keeping ({@link #worthCompressing}).
 */
public final class Codecs
{
    /**
     * Keep the compressed form only if it is at most 90% of the original: below a 10% saving the decompression
     * time on every read costs more than the bytes saved (StarRocks uses the same 10% threshold,
     * {@code compression_min_space_saving = 0.1}).
     */
    public static final double MIN_SPACE_SAVING = 0.10;

    /** Stores bytes as they are. */
    public static final Codec NONE = new Codec()
    {
        @Override
        public int id()
        {
            return 0;
        }

        @Override
        public String name()
        {
            return "NONE";
        }

        @Override
        public int maxCompressedLength(int length)
        {
            return length;
        }

        @Override
        public int compress(byte[] src, int srcOff, int length, byte[] dst, int dstOff)
        {
            System.arraycopy(src, srcOff, dst, dstOff, length);
            return length;
        }

        @Override
        public void decompress(MemorySegment src, long srcOff, int compressedLength, byte[] dst, int dstOff, int originalLength)
        {
            if (compressedLength != originalLength) {
                throw new CorruptDataException("uncompressed block of " + compressedLength + " bytes, expected " + originalLength, null);
            }
            MemorySegment.copy(src, java.lang.foreign.ValueLayout.JAVA_BYTE, srcOff, dst, dstOff, originalLength);
        }
    };

    /** LZ4 block format, fastest available implementation (JNI when the bundled native library loads). */
    public static final Codec LZ4 = new Lz4Codec();

    private Codecs()
    {
    }

    /** The codec with this id, or null if unknown. */
    public static Codec byId(int id)
    {
        return switch (id) {
            case 0 -> NONE;
            case 1 -> LZ4;
            default -> null;
        };
    }

    /** True if {@code compressedLength} saves at least {@link #MIN_SPACE_SAVING} of {@code originalLength}. */
    public static boolean worthCompressing(int originalLength, int compressedLength)
    {
        return compressedLength <= originalLength * (1.0 - MIN_SPACE_SAVING);
    }

    private static final class Lz4Codec implements Codec
    {
        private final LZ4Compressor compressor;
        private final LZ4SafeDecompressor decompressor;

        Lz4Codec()
        {
            LZ4Factory factory = LZ4Factory.fastestInstance();
            compressor = factory.fastCompressor();
            // The safe decompressor bounds-checks every copy; pages are checksummed before decompression,
            // but a bounds-checked decoder keeps a checksum collision from becoming a wild write.
            decompressor = factory.safeDecompressor();
        }

        @Override
        public int id()
        {
            return 1;
        }

        @Override
        public String name()
        {
            return "LZ4";
        }

        @Override
        public int maxCompressedLength(int length)
        {
            return compressor.maxCompressedLength(length);
        }

        @Override
        public int compress(byte[] src, int srcOff, int length, byte[] dst, int dstOff)
        {
            return compressor.compress(src, srcOff, length, dst, dstOff, dst.length - dstOff);
        }

        @Override
        public void decompress(MemorySegment src, long srcOff, int compressedLength, byte[] dst, int dstOff, int originalLength)
        {
            int n;
            try {
                if (src.isNative()) {
                    ByteBuffer in = src.asSlice(srcOff, compressedLength).asByteBuffer();
                    n = decompressor.decompress(in, 0, compressedLength, ByteBuffer.wrap(dst), dstOff, originalLength);
                }
                else {
                    byte[] heap = (byte[]) src.heapBase().orElseThrow();
                    // heap segments from ByteSink/arrays start at array index 0 plus the segment's offset
                    int base = Math.toIntExact(src.address() + srcOff);
                    n = decompressor.decompress(heap, base, compressedLength, dst, dstOff, originalLength);
                }
            }
            catch (LZ4Exception | IndexOutOfBoundsException | ClassCastException e) {
                throw new CorruptDataException("LZ4 block of " + compressedLength + " bytes does not decompress", e);
            }
            if (n != originalLength) {
                throw new CorruptDataException("LZ4 block decompressed to " + n + " bytes, expected " + originalLength, null);
            }
        }
    }
}
