package io.starling.exec.kernel.bitmap;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Vector API implementation of {@link BitmapKernels}, plus the 8-lane permutation-table compaction shared with
 * the filter kernels ({@link #compact8}).
 *
 * <p>Compaction: for each 8-bit chunk {@code m} of a mask, {@code PERM[m*8 .. m*8+8)} lists the indices of
 * the set bits of {@code m} (then zeros); adding the chunk's base position and storing the 8 lanes at
 * {@code sel[k]} appends the selected positions, {@code k += bitCount(m)}. Measured 0.36-0.41 ns/row at any
 * selectivity on AVX2 vs. 0.85-1.27 for the best scalar loop (notes/jdk25-performance.md §0.3).
 */
public final class PanamaBitmapKernels
        implements BitmapKernels
{
    /** The only instance. */
    public static final PanamaBitmapKernels INSTANCE = new PanamaBitmapKernels();

    /** Fixed 8 int lanes: the permutation table is indexed by 8-bit chunks whatever the preferred shape. */
    static final VectorSpecies<Integer> INT_8 = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    private static final int BYTE_LANES = BYTES.length();

    /**
     * Words with fewer set bits than this are expanded with the scalar trailing-zeros loop: it costs about one
     * iteration per set bit, while the table costs 8 stores per word whatever the popcount (§6.2: the bit loop
     * wins below ~8 bits per word).
     */
    private static final int SPARSE_WORD_BITS = 8;

    /** 256 masks x 8 lanes; see the class comment. */
    private static final int[] PERM = buildPermutationTable();

    static {
        if (64 % BYTE_LANES != 0) {
            throw new AssertionError("byte lanes must divide 64: " + BYTE_LANES);
        }
    }

    private PanamaBitmapKernels()
    {
    }

    private static int[] buildPermutationTable()
    {
        int[] table = new int[256 * 8];
        for (int m = 0; m < 256; m++) {
            int k = 0;
            for (int b = 0; b < 8; b++) {
                if ((m & (1 << b)) != 0) {
                    table[m * 8 + k++] = b;
                }
            }
        }
        return table;
    }

    /**
     * Appends {@code base + j} for each set bit {@code j} of the 8-bit chunk {@code mask8} at {@code sel[k]}.
     * Writes 8 lanes: the caller guarantees {@code k + 8 <= sel.length} (true whenever {@code k <= base} and
     * {@code base + 8 <= sel.length}, the usual case since a selection never outgrows its input).
     *
     * @return the new k
     */
    public static int compact8(int mask8, int base, int[] sel, int k)
    {
        // vpermd-free: a table row load + vpaddd + vmovdqu store
        IntVector.fromArray(INT_8, PERM, mask8 << 3).add(base).intoArray(sel, k);
        return k + Integer.bitCount(mask8);
    }

    @Override
    public int toSelection(long[] bits, int count, int[] sel)
    {
        int k = 0;
        int fullWords = count >>> 6;
        for (int w = 0; w < fullWords; w++) {
            long word = bits[w];
            int base = w << 6;
            if (Long.bitCount(word) < SPARSE_WORD_BITS) {
                while (word != 0) {
                    sel[k++] = base + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                }
            }
            else {
                for (int c = 0; c < 64; c += 8) {
                    k = compact8((int) (word >>> c) & 0xFF, base + c, sel, k);
                }
            }
        }
        return ScalarBitmapKernels.toSelectionScalar(bits, count, sel, fullWords << 6, k);
    }

    @Override
    public void fromSelection(int[] sel, int n, int count, long[] bits)
    {
        // scattered single-bit writes: nothing to vectorize (int scatter falls back on AVX2, §1.2)
        ScalarBitmapKernels.INSTANCE.fromSelection(sel, n, count, bits);
    }

    @Override
    public int nonZeroBytes(MemorySegment data, long offset, int count, long[] bits)
    {
        int bound = BYTES.loopBound(count);
        long word = 0;
        int set = 0;
        int i = 0;
        for (; i < bound; i += BYTE_LANES) {
            // compare → vpmovmskb (AVX2) / k-register (AVX-512); lanes divide 64 so a chunk never straddles words
            long m = ByteVector.fromMemorySegment(BYTES, data, offset + i, ByteOrder.nativeOrder())
                    .compare(VectorOperators.NE, (byte) 0).toLong();
            word |= m << (i & 63);
            if (((i + BYTE_LANES) & 63) == 0) {
                bits[i >>> 6] = word;
                set += Long.bitCount(word);
                word = 0;
            }
        }
        // byte tail in scalar code: masked byte loads crossing the end fall back to Java (§1.2)
        return set + ScalarBitmapKernels.nonZeroBytesScalar(data, offset, i, count, bits, word);
    }

    @Override
    public int andValidity(long[] bits, MemorySegment validity, int count)
    {
        // (count+63)/64 ≤ 64 words per batch: C2 auto-vectorizes or not, it is not worth a vector kernel
        return ScalarBitmapKernels.INSTANCE.andValidity(bits, validity, count);
    }

    @Override
    public int countSet(long[] bits, int count)
    {
        return ScalarBitmapKernels.INSTANCE.countSet(bits, count);
    }

    @Override
    public int filterSelection(int[] inSel, int inCount, long[] bits, int[] outSel)
    {
        // a gather of bits by position: scalar branchless is the fastest form on AVX2 (gathers are slow, §1.6.8)
        return ScalarBitmapKernels.INSTANCE.filterSelection(inSel, inCount, bits, outSel);
    }
}
