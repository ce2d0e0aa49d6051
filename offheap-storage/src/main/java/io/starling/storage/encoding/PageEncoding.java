package io.starling.storage.encoding;

import io.starling.storage.batch.ColumnVector;
import io.starling.storage.io.ByteSink;
import io.starling.storage.types.PhysicalType;

import java.lang.foreign.MemorySegment;

/**
 * One way of turning a run of column values into page body bytes and back.
 *
 * <p>Contract shared by every encoding:
 * <ul>
 *   <li>Encoders write one entry per row, nulls included, so that row {@code i} of the page is value {@code i}
 *       and a decoder can start at any row. The value stored for a null row is a neutral placeholder (zero,
 *       the page minimum, the previous run, the empty string); the null bitmap lives outside the body.</li>
 *   <li>Decoders write straight into the off-heap vector, never allocate per value, and ignore nulls except
 *       for VARLEN, where a null row in {@code dst} (already marked by the caller) gets an empty value.</li>
 *   <li>VARLEN decoding appends in row order: {@code dst} rows {@code [0, dstOffset)} must already be written
 *       (or {@code dstOffset == 0} after {@link ColumnVector#resetVarlen()}).</li>
 *   <li>Bodies that were not produced by the encoder (corruption) make decoders throw
 *       {@link IndexOutOfBoundsException} or {@link IllegalArgumentException}, never write outside {@code dst}.</li>
 * </ul>
 */
public interface PageEncoding
{
    EncodingType type();

    boolean supports(PhysicalType type);

    /**
     * Appends the encoding of rows {@code [from, from + count)} of {@code src} to {@code out}.
     *
     * @return false if this encoding declined (e.g. the dictionary grew too large); {@code out} is then unchanged
     */
    boolean encode(ColumnVector src, int from, int count, ByteSink out);

    /**
     * Decodes values {@code [first, first + count)} of a body holding {@code numValues} values into {@code dst}
     * rows {@code [dstOffset, dstOffset + count)}.
     */
    void decode(MemorySegment body, int numValues, int first, int count, ColumnVector dst, int dstOffset);
}
