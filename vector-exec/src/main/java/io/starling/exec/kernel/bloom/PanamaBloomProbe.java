package io.starling.exec.kernel.bloom;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bloom probe on the Vector API: a row's eight bit positions are one {@code IntVector} of 256 bits (broadcast of
 * the low hash half, lane-wise multiply by the salts, shift right by 27, then {@code 1 << that}), tested against
 * the block loaded as one vector: the row might be present iff {@code (block & bits) == bits} in all lanes.
 */
public final class PanamaBloomProbe implements BloomProbe
{
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_256;
    private static final IntVector SALTS = IntVector.fromArray(SPECIES, SplitBlockBloomFilter.SALT, 0);
    private static final IntVector ONES = IntVector.broadcast(SPECIES, 1);

    private PanamaBloomProbe()
    {
    }

    static BloomProbe create()
    {
        return new PanamaBloomProbe();
    }

    @Override
    public int probe(SplitBlockBloomFilter filter, long[] hashes, int[] positions, int n)
    {
        int[] words = filter.words();
        int mask = filter.blockMask();
        int k = 0;
        for (int i = 0; i < n; i++) {
            long h = hashes[i];
            int base = SplitBlockBloomFilter.block(h, mask) * SplitBlockBloomFilter.WORDS_PER_BLOCK;
            IntVector shifts = IntVector.broadcast(SPECIES, (int) h).mul(SALTS).lanewise(VectorOperators.LSHR, 27);
            IntVector bits = ONES.lanewise(VectorOperators.LSHL, shifts);
            IntVector block = IntVector.fromArray(SPECIES, words, base);
            boolean hit = block.and(bits).eq(bits).allTrue();
            positions[k] = positions[i];
            hashes[k] = h;
            k += hit ? 1 : 0;
        }
        return k;
    }
}
