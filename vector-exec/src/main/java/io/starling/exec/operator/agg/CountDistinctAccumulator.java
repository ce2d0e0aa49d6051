package io.starling.exec.operator.agg;

import io.starling.exec.hash.BytesHashTable;
import io.starling.exec.hash.KeyEncoder;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.Arrays;
import java.util.List;

/**
 * {@code COUNT(DISTINCT x [, y ...])}: one hash set of (group id, encoded values) for all groups; a group's count
 * goes up when a pair is new. A row with a NULL in any argument is not counted (MySQL/StarRocks).
 */
final class CountDistinctAccumulator
        extends Accumulator
{
    private final KeyEncoder encoder;
    private final BytesHashTable seen;
    private byte[] key = new byte[64];
    private long[] counts = new long[0];

    CountDistinctAccumulator(MemoryAccount account, List<DataType> argTypes)
    {
        super(account);
        this.encoder = new KeyEncoder(argTypes);
        this.seen = new BytesHashTable(account);
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
        add(groupIds, batch, new ColumnVector[] {arg});
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector[] args)
    {
        int n = batch.size();
        rows:
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            for (ColumnVector a : args) {
                if (a.isNull(p)) {
                    continue rows;
                }
            }
            if (DistinctAccumulator.insert(seen, encoder, args, p, groupIds[i], this::key)) {
                counts[groupIds[i]]++;
            }
        }
    }

    private byte[] key(int length)
    {
        if (length > key.length) {
            key = Arrays.copyOf(key, Math.max(length, key.length * 2));
        }
        return key;
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        for (int r = 0; r < count; r++) {
            out.setLong(r, counts[firstGroup + r]);
        }
    }

    @Override
    public void close()
    {
        seen.close();
    }
}
