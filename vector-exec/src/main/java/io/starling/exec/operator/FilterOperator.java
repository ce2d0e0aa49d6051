package io.starling.exec.operator;

import io.starling.exec.expr.Expression;
import io.starling.exec.kernel.KernelProvider;
import io.starling.exec.kernel.bitmap.BitmapKernels;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.TypeKind;

/**
 * WHERE / HAVING: keeps the rows whose BOOLEAN predicate is TRUE (NULL counts as false), by narrowing the
 * batch's selection vector; values are not copied (DuckDB {@code PhysicalFilter}). A batch with no surviving
 * row is closed, not passed on.
 *
 * <p>Dense batches go through the bitmask kernels (BOOLEAN bytes → bitmask, AND validity, bitmask → selection
 * with the permutation table); batches that already carry a selection are filtered entry by entry.
 */
public final class FilterOperator
        implements Operator
{
    private final OperatorContext context;
    private final Expression predicate;
    private final BitmapKernels bitmap;
    private final long[] bits = new long[ColumnBatch.MAX_ROWS / 64];
    private ColumnBatch output;
    private boolean finishing;

    /**
     * @param predicate an expression of type BOOLEAN over the input columns
     */
    public FilterOperator(OperatorContext context, Expression predicate)
    {
        if (predicate.type().kind() != TypeKind.BOOLEAN) {
            throw new IllegalArgumentException("filter predicate must be BOOLEAN, got " + predicate.type());
        }
        this.context = context;
        this.predicate = predicate;
        this.bitmap = KernelProvider.get().bitmap();
    }

    @Override
    public boolean needsInput()
    {
        return output == null && !finishing;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        long start = System.nanoTime();
        context.recordInput(batch.size());
        try (ColumnVector mask = predicate.evaluate(batch, context.memory())) {
            int n = batch.size();
            int[] sel = new int[Math.max(n, 1)];
            int kept;
            if (batch.selection() == null) {
                int rows = batch.rowCount();
                bitmap.nonZeroBytes(mask.data(), 0, rows, bits);
                if (mask.hasNulls()) {
                    bitmap.andValidity(bits, mask.validity(), rows);
                }
                kept = bitmap.toSelection(bits, rows, sel);
            }
            else {
                int[] in = batch.selection();
                kept = 0;
                boolean nulls = mask.hasNulls();
                for (int i = 0; i < n; i++) {
                    int p = in[i];
                    sel[kept] = p;
                    kept += mask.getByte(p) != 0 && !(nulls && mask.isNull(p)) ? 1 : 0;
                }
            }
            if (kept == 0) {
                batch.close();
            }
            else {
                if (kept < batch.rowCount() || batch.selection() != null) {
                    batch.setSelection(sel, kept);
                }
                output = batch;
            }
        }
        catch (RuntimeException | Error e) {
            batch.close();
            throw e;
        }
        finally {
            context.addCpuNanos(System.nanoTime() - start);
        }
    }

    @Override
    public ColumnBatch pull()
    {
        ColumnBatch b = output;
        output = null;
        return context.recordOutput(b);
    }

    @Override
    public void finish()
    {
        finishing = true;
    }

    @Override
    public boolean isFinished()
    {
        return finishing && output == null;
    }

    @Override
    public void close()
    {
        if (output != null) {
            output.close();
            output = null;
        }
    }
}
