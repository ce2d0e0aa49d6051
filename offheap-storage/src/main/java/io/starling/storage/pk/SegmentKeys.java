package io.starling.storage.pk;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;

import java.io.IOException;
import java.util.List;

/**
 * The encoded primary keys of a segment's rows, batch by batch: what the primary index is built from and what the
 * consistency check compares it with.
 */
public final class SegmentKeys
{
    private SegmentKeys()
    {
    }

    /** A consumer of (encoded key, row id). */
    @FunctionalInterface
    public interface Consumer
    {
        void accept(byte[] key, int row) throws IOException;
    }

    /**
     * Calls {@code consumer} with the {@link KeyEncoder} key of every row of {@code r}, whose first
     * {@code keyTypes.size()} columns are the key, in row order. Key vectors come from {@code memory}.
     */
    public static void forEach(SegmentReader r, List<DataType> keyTypes, MemoryContext memory, Consumer consumer) throws IOException
    {
        int nk = keyTypes.size();
        KeyEncoder enc = KeyEncoder.prefix(keyTypes, nk);
        ColumnVector[] v = new ColumnVector[nk];
        try {
            for (int c = 0; c < nk; c++) {
                v[c] = new ColumnVector(keyTypes.get(c), ColumnBatch.MAX_ROWS, memory);
            }
            long rows = r.numRows();
            for (long first = 0; first < rows; first += ColumnBatch.MAX_ROWS) {
                int n = (int) Math.min(ColumnBatch.MAX_ROWS, rows - first);
                for (int c = 0; c < nk; c++) {
                    if (v[c].physical() == PhysicalType.VARLEN) {
                        v[c].resetVarlen();
                    }
                    r.readColumn(c, first, n, v[c], 0);
                }
                for (int i = 0; i < n; i++) {
                    consumer.accept(enc.encode(v, i), (int) (first + i));
                }
            }
        }
        finally {
            for (ColumnVector c : v) {
                if (c != null) {
                    c.close();
                }
            }
        }
    }
}
