package io.starling.exec.hash;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The Vector API half of {@link JoinTagTable}'s probe: compares 32 tag bytes with one 256-bit load and two compares.
 * Only referenced when {@link JoinTagTable#VECTOR_PROBE} is true, so a JVM without the vector module never loads it.
 */
final class PanamaTagMatch
{
    /** Fixed 256 bits: the mask layout (32 lanes in the low half, empties in the high half) depends on it. */
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_256;

    private PanamaTagMatch()
    {
    }

    /**
     * Lanes of {@code tags[offset, offset + 32)} equal to {@code tag} in bits 0..31, empty lanes (0) in bits 32..63.
     */
    static long match(MemorySegment tags, long offset, byte tag)
    {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, tags, offset, ByteOrder.LITTLE_ENDIAN);
        long eq = v.eq(tag).toLong();
        long empty = v.eq((byte) 0).toLong();
        return eq | (empty << JoinTagTable.GROUP);
    }
}
