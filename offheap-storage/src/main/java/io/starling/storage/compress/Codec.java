package io.starling.storage.compress;

import java.lang.foreign.MemorySegment;

/**
 * A block compression codec for page bodies. Implementations are stateless and thread-safe.
 * The one-byte {@link #id()} is stored in page headers: never renumber.
 */
public interface Codec
{
    /** Stored in page headers. */
    int id();

    String name();

    /** Upper bound of {@link #compress}'s output for {@code length} input bytes. */
    int maxCompressedLength(int length);

    /**
     * Compresses {@code src[srcOff, srcOff + length)} into {@code dst} at {@code dstOff}
     * ({@code dst} must have {@link #maxCompressedLength} bytes free).
     *
     * @return compressed length
     */
    int compress(byte[] src, int srcOff, int length, byte[] dst, int dstOff);

    /**
     * Decompresses {@code compressedLength} bytes at {@code srcOff} of {@code src} (mapped file or heap) into
     * {@code dst[dstOff, dstOff + originalLength)}.
     *
     * @throws CorruptDataException if the input does not decompress to exactly {@code originalLength} bytes
     */
    void decompress(MemorySegment src, long srcOff, int compressedLength, byte[] dst, int dstOff, int originalLength);
}
