package io.starling.exec.kernel.bloom;

/** The scalar bloom probe: eight word tests per row, branch-free compaction. */
public final class ScalarBloomProbe implements BloomProbe
{
    @Override
    public int probe(SplitBlockBloomFilter filter, long[] hashes, int[] positions, int n)
    {
        int[] words = filter.words();
        int mask = filter.blockMask();
        int[] salt = SplitBlockBloomFilter.SALT;
        int k = 0;
        for (int i = 0; i < n; i++) {
            long h = hashes[i];
            int base = SplitBlockBloomFilter.block(h, mask) * SplitBlockBloomFilter.WORDS_PER_BLOCK;
            int low = (int) h;
            int miss = 0;
            for (int w = 0; w < SplitBlockBloomFilter.WORDS_PER_BLOCK; w++) {
                int bit = 1 << ((low * salt[w]) >>> 27);
                miss |= ~words[base + w] & bit;
            }
            positions[k] = positions[i];
            hashes[k] = h;
            k += miss == 0 ? 1 : 0;
        }
        return k;
    }
}
