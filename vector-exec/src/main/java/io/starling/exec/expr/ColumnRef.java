package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.lang.foreign.MemorySegment;

/**
 * A reference to input column {@code index}. Parent expressions read the column in place (see {@link Operand});
 * evaluating a bare ColumnRef copies the column because the contract hands ownership of the result to the caller.
 */
public final class ColumnRef implements Expression
{
    private final int index;
    private final DataType type;

    public ColumnRef(int index, DataType type)
    {
        if (index < 0) {
            throw new IllegalArgumentException("column index must be >= 0, got " + index);
        }
        this.index = index;
        this.type = type;
    }

    public int index()
    {
        return index;
    }

    @Override
    public DataType type()
    {
        return type;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        ColumnVector src = batch.column(index);
        int rows = batch.rowCount();
        ColumnVector out = Vectors.allocate(type, batch, ctx);
        try {
            if (src.physical().isFixedWidth()) {
                MemorySegment.copy(src.data(), 0, out.data(), 0, (long) rows * src.physical().width());
            }
            else {
                int end = src.getOffset(rows);
                MemorySegment.copy(src.data(), 0, out.data(), 0, (long) (rows + 1) * Integer.BYTES);
                out.ensureBytesCapacity(end);
                MemorySegment.copy(src.bytes(), 0, out.bytes(), 0, end);
            }
            Vectors.copyValidity(out, rows, src);
            return out;
        }
        catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    @Override
    public String toString()
    {
        return "$" + index;
    }
}
