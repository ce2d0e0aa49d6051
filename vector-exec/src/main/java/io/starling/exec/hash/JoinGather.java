package io.starling.exec.hash;

import io.starling.storage.batch.ColumnVector;

/**
 * Typed gathers of whole columns for the hash join: the probe's output (probe rows by position, build rows by
 * {@link RowStore} id) and the build's append into the row store.
 *
 * <p>Why not {@link ColumnVector#copyFrom} per row: it is a generic {@code MemorySegment.copy} of the value's width,
 * whose bounds, overlap and alignment checks cost far more than the 4- or 8-byte move itself; profiles of TPC-H Q21
 * showed it as the top self-time frame of the join. Here the physical type is dispatched once per column and each
 * value is moved with the typed accessors (which the JIT turns into plain loads and stores); the null bitmap is only
 * consulted when the source has nulls. Variable-length values still copy their bytes (in row order, as
 * {@link ColumnVector#setBytes} requires).
 */
public final class JoinGather
{
    private JoinGather()
    {
    }

    /** {@code dst[j] = src[rows[j]]} for j in [0, n); {@code dst} rows [0, n) must not be written yet. */
    public static void gather(ColumnVector src, int[] rows, int n, ColumnVector dst)
    {
        if (src.hasNulls()) {
            for (int j = 0; j < n; j++) {
                dst.copyFrom(src, rows[j], j);
            }
            return;
        }
        switch (src.physical()) {
            case BYTE -> {
                for (int j = 0; j < n; j++) {
                    dst.setByte(j, src.getByte(rows[j]));
                }
            }
            case SHORT -> {
                for (int j = 0; j < n; j++) {
                    dst.setShort(j, src.getShort(rows[j]));
                }
            }
            case INT, FLOAT -> {
                for (int j = 0; j < n; j++) {
                    dst.setInt(j, src.getInt(rows[j]));
                }
            }
            case LONG, DOUBLE -> {
                for (int j = 0; j < n; j++) {
                    dst.setLong(j, src.getLong(rows[j]));
                }
            }
            case INT128 -> {
                for (int j = 0; j < n; j++) {
                    int r = rows[j];
                    dst.setInt128(j, src.getInt128Low(r), src.getInt128High(r));
                }
            }
            default -> {
                for (int j = 0; j < n; j++) {
                    int r = rows[j];
                    dst.setBytes(j, src.bytes(), src.getOffset(r), src.getLength(r));
                }
            }
        }
        if (dst.hasNulls()) {
            // a reused vector: the rows written above are all valid
            for (int j = 0; j < n; j++) {
                dst.setNull(j, false);
            }
        }
    }

    /**
     * {@code dst[j] = build row ids[j]} of column {@code column}, NULL where {@code ids[j] < 0} (the unmatched rows of
     * an outer join); {@code dst} rows [0, n) must not be written yet.
     */
    public static void gatherBuild(RowStore store, int column, int[] ids, int n, ColumnVector dst)
    {
        for (int j = 0; j < n; j++) {
            int id = ids[j];
            if (id < 0) {
                dst.setNull(j, true);
                continue;
            }
            ColumnVector src = store.column(id, column);
            int r = id & RowStore.CHUNK_MASK;
            if (src.hasNulls() || dst.hasNulls()) {
                dst.copyFrom(src, r, j);
                continue;
            }
            switch (src.physical()) {
                case BYTE -> dst.setByte(j, src.getByte(r));
                case SHORT -> dst.setShort(j, src.getShort(r));
                case INT, FLOAT -> dst.setInt(j, src.getInt(r));
                case LONG, DOUBLE -> dst.setLong(j, src.getLong(r));
                case INT128 -> dst.setInt128(j, src.getInt128Low(r), src.getInt128High(r));
                default -> dst.setBytes(j, src.bytes(), src.getOffset(r), src.getLength(r));
            }
        }
    }

    /** Copies one value {@code src[srcRow]} to {@code dst[dstRow]} (rows of varlen columns in increasing order). */
    public static void copyValue(ColumnVector src, int srcRow, ColumnVector dst, int dstRow)
    {
        if (src.hasNulls() || dst.hasNulls()) {
            dst.copyFrom(src, srcRow, dstRow);
            return;
        }
        switch (src.physical()) {
            case BYTE -> dst.setByte(dstRow, src.getByte(srcRow));
            case SHORT -> dst.setShort(dstRow, src.getShort(srcRow));
            case INT, FLOAT -> dst.setInt(dstRow, src.getInt(srcRow));
            case LONG, DOUBLE -> dst.setLong(dstRow, src.getLong(srcRow));
            case INT128 -> dst.setInt128(dstRow, src.getInt128Low(srcRow), src.getInt128High(srcRow));
            default -> dst.setBytes(dstRow, src.bytes(), src.getOffset(srcRow), src.getLength(srcRow));
        }
    }
}
