package io.starling.storage.index.bloom;

import io.starling.storage.io.ByteSink;
import io.starling.storage.io.ByteSource;

/**
 * Split-block bloom filter (the layout of Parquet's and Impala's filters): the bit array is a sequence of 256-bit
 * blocks of eight 32-bit words; a key's upper 32 hash bits pick one block and its lower 32 bits, multiplied by
 * eight odd salts, set one bit in each word. One cache line per probe, and the eight word tests are independent, so
 * the probe vectorizes. No false negatives; the false-positive rate follows from the bits per key (see
 * {@link #blocksFor}).
 *
 * <p>Keys are 64-bit hashes from {@link io.starling.storage.index.IndexValues}. Serialized form
 * ({@link #writeTo}): {@code u32 numBlocks | numBlocks × 8 × u32 words}, little-endian.
 */
public final class BloomFilter
{
    /** Bits per block: 8 words of 32 bits. */
    public static final int BLOCK_BITS = 256;
    public static final int WORDS_PER_BLOCK = 8;
    /** Upper bound on the size of one filter (1 MiB = 4096 blocks), enough for a page of 65536 distinct values at 1%. */
    public static final int MAX_BLOCKS = 1 << 15;
    /** Odd multipliers, one per word (the constants of the Parquet split-block filter specification). */
    private static final int[] SALT = {0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31};

    private final int[] words;
    private final int numBlocks;

    private BloomFilter(int[] words)
    {
        this.words = words;
        this.numBlocks = words.length / WORDS_PER_BLOCK;
    }

    /** An empty filter sized for {@code expectedKeys} distinct keys at false-positive probability {@code fpp}. */
    public static BloomFilter create(int expectedKeys, double fpp)
    {
        return new BloomFilter(new int[blocksFor(expectedKeys, fpp) * WORDS_PER_BLOCK]);
    }

    /**
     * Blocks for {@code n} keys at probability {@code fpp}: the classic {@code m = -n ln p / (ln 2)^2} bits, plus a
     * quarter for the split-block layout's higher rate at the same size (blocks fill unevenly), at least one block.
     */
    public static int blocksFor(int n, double fpp)
    {
        if (n <= 0) {
            return 1;
        }
        double p = Math.clamp(fpp, 1e-6, 0.5);
        double bits = -n * Math.log(p) / (Math.log(2) * Math.log(2)) * 1.25;
        return (int) Math.clamp((long) Math.ceil(bits / BLOCK_BITS), 1, MAX_BLOCKS);
    }

    public int numBlocks()
    {
        return numBlocks;
    }

    /** Serialized size in bytes. */
    public int byteSize()
    {
        return 4 + words.length * 4;
    }

    private int block(long hash)
    {
        return (int) (((hash >>> 32) * numBlocks) >>> 32) * WORDS_PER_BLOCK;
    }

    public void add(long hash)
    {
        int b = block(hash);
        int key = (int) hash;
        for (int i = 0; i < WORDS_PER_BLOCK; i++) {
            words[b + i] |= 1 << ((key * SALT[i]) >>> 27);
        }
    }

    /** False only if the key was never added. */
    public boolean mightContain(long hash)
    {
        int b = block(hash);
        int key = (int) hash;
        for (int i = 0; i < WORDS_PER_BLOCK; i++) {
            if ((words[b + i] & (1 << ((key * SALT[i]) >>> 27))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** True if any of the hashes might have been added (an IN list). */
    public boolean mightContainAny(long[] hashes)
    {
        for (long h : hashes) {
            if (mightContain(h)) {
                return true;
            }
        }
        return false;
    }

    public void writeTo(ByteSink out)
    {
        out.writeInt(numBlocks);
        for (int w : words) {
            out.writeInt(w);
        }
    }

    /** Reads a filter written by {@link #writeTo}; a block count of 0 or above {@link #MAX_BLOCKS} is rejected. */
    public static BloomFilter readFrom(ByteSource in)
    {
        int blocks = in.readInt();
        if (blocks <= 0 || blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException("bloom filter with " + blocks + " blocks");
        }
        int[] w = new int[blocks * WORDS_PER_BLOCK];
        for (int i = 0; i < w.length; i++) {
            w[i] = in.readInt();
        }
        return new BloomFilter(w);
    }
}
