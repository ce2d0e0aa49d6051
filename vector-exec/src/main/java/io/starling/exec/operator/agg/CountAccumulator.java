package io.starling.exec.operator.agg;

import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;

import java.util.Arrays;

/** {@code COUNT(*)} and {@code COUNT(x)}: one long per group. */
final class CountAccumulator
        extends Accumulator
{
    private final boolean countStar;
    private long[] counts = new long[0];

    CountAccumulator(MemoryAccount account, boolean countStar)
    {
        super(account);
        this.countStar = countStar;
    }

    @Override
    protected int bytesPerGroup()
    {
        return 8;
    }

    @Override
    protected void resize(int newCapacity)
    {
        counts = Arrays.copyOf(counts, newCapacity);
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector arg)
    {
        int n = batch.size();
        if (countStar || !arg.hasNulls()) {
            for (int i = 0; i < n; i++) {
                counts[groupIds[i]]++;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            counts[groupIds[i]] += arg.isNull(batch.position(i)) ? 0 : 1;
        }
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        for (int r = 0; r < count; r++) {
            out.setLong(r, counts[firstGroup + r]);
        }
    }
}
