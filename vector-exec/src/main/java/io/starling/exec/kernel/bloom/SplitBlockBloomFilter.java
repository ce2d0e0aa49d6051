package io.starling.exec.kernel.bloom;

/**
 * A split-block bloom filter (the layout of Parquet's "SBBF", after Putze, Sanders and Singler's cache-blocked
 * filters): the bit array is cut into 256-bit blocks of eight 32-bit words; a key's 64-bit hash picks one block with
 * its high 32 bits and sets one bit in each of the block's eight words, chosen by the low 32 bits multiplied by eight
 * odd salts (the top five bits of each product index the word's bits). A probe therefore touches one cache line and
 * its eight word tests map onto one 256-bit vector compare ({@link PanamaBloomProbe}).
 *
 * <p>Sizing: {@link #BITS_PER_KEY} bits per expected key, rounded up to a power-of-two number of blocks. Eight bits
 * per key in a blocked filter measure about 2-3 % false positives, ten about 1-1.5 % (more keys per block than the
 * average increase the rate a little over an unblocked filter with the same bits); the power-of-two rounding only
 * lowers it. No false negatives by construction. Not thread-safe while inserting; immutable afterwards (the build
 * side publishes it once, then any number of scan drivers probe it).
 */
public final class SplitBlockBloomFilter
{
    /** Bits of filter per expected distinct key: about 1 % false positives (see the class comment). */
    public static final int BITS_PER_KEY = 10;
    /** Words of a block: 8 x 32 bits = 256 bits, one AVX2 register. */
    public static final int WORDS_PER_BLOCK = 8;
    /** Largest filter: 2^22 blocks = 128 MiB; larger builds are not worth filtering (and are refused earlier). */
    static final int MAX_BLOCKS = 1 << 22;

    /** Odd multipliers, one per word (the constants of the Parquet SBBF specification). */
    static final int[] SALT = {
        0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31,
    };

    private final int[] words;
    private final int blockMask;

    private SplitBlockBloomFilter(int blocks)
    {
        this.words = new int[blocks * WORDS_PER_BLOCK];
        this.blockMask = blocks - 1;
    }

    /** A filter sized for {@code expectedKeys} distinct keys at {@link #BITS_PER_KEY} bits each. */
    public static SplitBlockBloomFilter forKeys(long expectedKeys)
    {
        long bits = Math.max(1, expectedKeys) * BITS_PER_KEY;
        long blocks = Math.min(MAX_BLOCKS, (bits + 255) / 256);
        // next power of two at or above blocks (blocks >= 1)
        int pow = blocks <= 1 ? 1 : (int) Long.highestOneBit(blocks - 1) << 1;
        return new SplitBlockBloomFilter(pow);
    }

    /** Number of 256-bit blocks (a power of two). */
    public int blocks()
    {
        return blockMask + 1;
    }

    /** The word array: block b occupies words [8b, 8b + 8). Read-only for probe kernels. */
    int[] words()
    {
        return words;
    }

    int blockMask()
    {
        return blockMask;
    }

    /** Block index of a hash: its high 32 bits, masked (the blocks are a power of two). */
    static int block(long hash, int blockMask)
    {
        return (int) (hash >>> 32) & blockMask;
    }

    public void insert(long hash)
    {
        int base = block(hash, blockMask) * WORDS_PER_BLOCK;
        int low = (int) hash;
        for (int i = 0; i < WORDS_PER_BLOCK; i++) {
            words[base + i] |= 1 << ((low * SALT[i]) >>> 27);
        }
    }

    /** False only if the hash was certainly never inserted. */
    public boolean mightContain(long hash)
    {
        int base = block(hash, blockMask) * WORDS_PER_BLOCK;
        int low = (int) hash;
        for (int i = 0; i < WORDS_PER_BLOCK; i++) {
            int bit = 1 << ((low * SALT[i]) >>> 27);
            if ((words[base + i] & bit) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes held by the bit array. */
    public long sizeInBytes()
    {
        return (long) words.length * Integer.BYTES;
    }
}
