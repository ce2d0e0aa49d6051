package io.starling.exec.operator;

import io.starling.storage.batch.ColumnBatch;

/**
 * {@code LIMIT count OFFSET offset} (StarRocks also spells it {@code LIMIT offset, count}): skips the first
 * {@code offset} logical rows, passes the next {@code count}, then reports itself finished so the driver can
 * stop the upstream early. Rows are dropped by narrowing the selection vector, never copied.
 */
public final class LimitOperator
        implements Operator
{
    private final OperatorContext context;
    private long toSkip;
    private long remaining;
    private ColumnBatch output;
    private boolean finishing;

    public LimitOperator(OperatorContext context, long limit, long offset)
    {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("LIMIT and OFFSET must be >= 0, got limit " + limit + ", offset " + offset);
        }
        this.context = context;
        this.remaining = limit;
        this.toSkip = offset;
    }

    @Override
    public boolean needsInput()
    {
        return output == null && !finishing && remaining > 0;
    }

    @Override
    public void push(ColumnBatch batch)
    {
        context.recordInput(batch.size());
        int n = batch.size();
        int skip = (int) Math.min(toSkip, n);
        toSkip -= skip;
        int take = (int) Math.min(remaining, n - skip);
        remaining -= take;
        if (take == 0) {
            batch.close();
            return;
        }
        if (skip > 0 || take < n) {
            int[] sel = new int[take];
            for (int i = 0; i < take; i++) {
                sel[i] = batch.position(skip + i);
            }
            batch.setSelection(sel, take);
        }
        output = batch;
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
        return output == null && (finishing || remaining == 0);
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
