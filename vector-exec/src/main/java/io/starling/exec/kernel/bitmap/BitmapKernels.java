package io.starling.exec.kernel.bitmap;

import java.lang.foreign.MemorySegment;

/**
 * Conversions between bitmasks and selection vectors.
 *
 * <p>Bitmask layout (shared by every kernel family): bit {@code i} of the mask is bit {@code i & 63} of word
 * {@code bits[i >>> 6]}, for {@code i < count}; bits at positions {@code >= count} in the last word are zero on
 * output. A selection vector is an ascending {@code int[]} of row positions; entries past the returned count are
 * unspecified (kernels may scribble there, never past {@code sel.length}).
 */
public interface BitmapKernels
{
    /**
     * Writes the positions of the set bits among the first {@code count} into {@code sel}.
     *
     * @param sel output, {@code sel.length >= count}
     * @return number of positions written
     */
    int toSelection(long[] bits, int count, int[] sel);

    /** Sets exactly the bits listed in {@code sel[0..n)} among the first {@code count} bits; clears the others. */
    void fromSelection(int[] sel, int n, int count, long[] bits);

    /**
     * Bit {@code i} = (byte at {@code data[offset + i]} != 0): turns a BOOLEAN column into a bitmask.
     *
     * @return number of set bits
     */
    int nonZeroBytes(MemorySegment data, long offset, int count, long[] bits);

    /**
     * {@code bits &= validity} over the first {@code count} bits (validity bit {@code i} = row {@code i} is not null).
     *
     * @return number of bits still set
     */
    int andValidity(long[] bits, MemorySegment validity, int count);

    /** Number of set bits among the first {@code count}. */
    int countSet(long[] bits, int count);

    /**
     * Keeps the entries of {@code inSel} whose bit is set in {@code bits} (indexed by position, not by entry).
     * {@code outSel} may be the same array as {@code inSel}.
     *
     * @return number of entries kept
     */
    int filterSelection(int[] inSel, int inCount, long[] bits, int[] outSel);
}
