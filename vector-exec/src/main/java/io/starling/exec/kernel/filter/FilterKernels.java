package io.starling.exec.kernel.filter;

import io.starling.exec.kernel.CompareOp;

import java.lang.foreign.MemorySegment;

/**
 * Column-vs-constant filters: {@code x op c} and {@code lo <= x <= hi} (BETWEEN, inclusive) over fixed-width
 * values, producing a bitmask (cheapest, see notes/jdk25-performance.md §0.3) or a selection vector.
 *
 * <p>Shapes, per type:
 * <ul>
 *   <li>{@code compareT}/{@code betweenT}: element {@code i} is read at byte {@code offset + i * width}, for
 *       {@code i < count}; output bitmask in the layout of {@link io.starling.exec.kernel.bitmap.BitmapKernels};
 *       returns the number of rows that passed;</li>
 *   <li>{@code compareTSelect}/{@code betweenTSelect}: same input, output positions {@code i} ascending into
 *       {@code sel} ({@code sel.length >= count}); returns how many;</li>
 *   <li>{@code compareTSelected}/{@code betweenTSelected}: only the positions {@code inSel[0..inCount)}
 *       (ascending) are tested; the passing ones are written to {@code outSel} (may be {@code inSel});
 *       {@code scratch} is a bitmask buffer of at least {@code (inSel[inCount-1] + 64) / 64} words that an
 *       implementation may use to evaluate densely (a too-small scratch only costs speed).</li>
 * </ul>
 * NULLs are not seen by these kernels: callers AND the result with the validity bitmap afterwards.
 */
public interface FilterKernels
{
    /** {@code x op c} for int values into a bitmask; returns the number of set bits. */
    int compareInt(CompareOp op, MemorySegment data, long offset, int count, int c, long[] bits);

    /** {@code lo <= x && x <= hi} for int values into a bitmask; returns the number of set bits. */
    int betweenInt(MemorySegment data, long offset, int count, int lo, int hi, long[] bits);

    /** {@code x op c} for int values into a selection vector; returns its length. */
    int compareIntSelect(CompareOp op, MemorySegment data, long offset, int count, int c, int[] sel);

    /** {@code lo <= x && x <= hi} for int values into a selection vector; returns its length. */
    int betweenIntSelect(MemorySegment data, long offset, int count, int lo, int hi, int[] sel);

    /** {@code x op c} for the int values at {@code inSel}; returns the number kept in {@code outSel}. */
    int compareIntSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, int c, int[] outSel, long[] scratch);

    /** {@code lo <= x && x <= hi} for the int values at {@code inSel}; returns the number kept. */
    int betweenIntSelected(MemorySegment data, long offset, int[] inSel, int inCount, int lo, int hi, int[] outSel, long[] scratch);

    /** {@code x op c} for long values into a bitmask; returns the number of set bits. */
    int compareLong(CompareOp op, MemorySegment data, long offset, int count, long c, long[] bits);

    /** {@code lo <= x && x <= hi} for long values into a bitmask; returns the number of set bits. */
    int betweenLong(MemorySegment data, long offset, int count, long lo, long hi, long[] bits);

    /** {@code x op c} for long values into a selection vector; returns its length. */
    int compareLongSelect(CompareOp op, MemorySegment data, long offset, int count, long c, int[] sel);

    /** {@code lo <= x && x <= hi} for long values into a selection vector; returns its length. */
    int betweenLongSelect(MemorySegment data, long offset, int count, long lo, long hi, int[] sel);

    /** {@code x op c} for the long values at {@code inSel}; returns the number kept in {@code outSel}. */
    int compareLongSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, long c, int[] outSel, long[] scratch);

    /** {@code lo <= x && x <= hi} for the long values at {@code inSel}; returns the number kept. */
    int betweenLongSelected(MemorySegment data, long offset, int[] inSel, int inCount, long lo, long hi, int[] outSel, long[] scratch);

    /** {@code x op c} for double values into a bitmask; returns the number of set bits. */
    int compareDouble(CompareOp op, MemorySegment data, long offset, int count, double c, long[] bits);

    /** {@code lo <= x && x <= hi} for double values into a bitmask; returns the number of set bits. */
    int betweenDouble(MemorySegment data, long offset, int count, double lo, double hi, long[] bits);

    /** {@code x op c} for double values into a selection vector; returns its length. */
    int compareDoubleSelect(CompareOp op, MemorySegment data, long offset, int count, double c, int[] sel);

    /** {@code lo <= x && x <= hi} for double values into a selection vector; returns its length. */
    int betweenDoubleSelect(MemorySegment data, long offset, int count, double lo, double hi, int[] sel);

    /** {@code x op c} for the double values at {@code inSel}; returns the number kept in {@code outSel}. */
    int compareDoubleSelected(CompareOp op, MemorySegment data, long offset, int[] inSel, int inCount, double c, int[] outSel, long[] scratch);

    /** {@code lo <= x && x <= hi} for the double values at {@code inSel}; returns the number kept. */
    int betweenDoubleSelected(MemorySegment data, long offset, int[] inSel, int inCount, double lo, double hi, int[] outSel, long[] scratch);
}
