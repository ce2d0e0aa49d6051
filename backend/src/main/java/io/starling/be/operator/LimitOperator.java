package io.starling.be.operator;

import io.starling.storage.batch.ColumnBatch;

/** Skips {@code offset} rows, then passes at most {@code limit} rows and finishes early. */
public final class LimitOperator extends StreamingOperator
{
    private long toSkip;
    private long remaining;

    public LimitOperator(String name, long limit, long offset)
    {
        super(name);
        this.toSkip = Math.max(0, offset);
        this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
        if (remaining == 0) {
            markDone();
        }
    }

    @Override
    protected ColumnBatch process(ColumnBatch batch)
    {
        int n = batch.size();
        int skip = (int) Math.min(toSkip, n);
        toSkip -= skip;
        int take = (int) Math.min(remaining, n - skip);
        remaining -= take;
        if (remaining == 0) {
            markDone();
        }
        if (skip == 0 && take == n) {
            return batch;
        }
        int[] sel = new int[take];
        for (int i = 0; i < take; i++) {
            sel[i] = batch.position(skip + i);
        }
        batch.setSelection(sel, take);
        return batch;
    }
}
