package io.starling.exec.operator.agg;

import io.starling.exec.hash.BytesHashTable;
import io.starling.exec.hash.KeyEncoder;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * {@code COUNT(DISTINCT x)}: one hash set of (group id, encoded value) for all groups; a group's count goes
 * up when a pair is new. NULL values are not counted.
 */
final class CountDistinctAccumulator
        extends Accumulator
{
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final KeyEncoder encoder;
    private final BytesHashTable seen;
    private final ColumnVector[] one = new ColumnVector[1];
    private byte[] key = new byte[64];
    private long[] counts = new long[0];

    CountDistinctAccumulator(MemoryAccount account, DataType argType)
    {
        super(account);
        this.encoder = new KeyEncoder(List.of(argType));
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
        one[0] = arg;
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (arg.isNull(p)) {
                continue;
            }
            encoder.encode(one, p);
            int len = 4 + encoder.length();
            if (len > key.length) {
                key = Arrays.copyOf(key, Math.max(len, key.length * 2));
            }
            INT_LE.set(key, 0, groupIds[i]);
            System.arraycopy(encoder.buffer(), 0, key, 4, encoder.length());
            seen.findOrInsert(key, len, KeyEncoder.hash(key, 0, len));
            if (seen.lastInserted()) {
                counts[groupIds[i]]++;
            }
        }
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
