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
import java.util.function.IntFunction;

/**
 * {@code SUM(DISTINCT x)} / {@code AVG(DISTINCT x)}: a hash set of (group id, encoded value) in front of the plain
 * accumulator, which only sees each group's first occurrence of a value (through a selection over the batch).
 * NULLs go straight through (the inner accumulator ignores them anyway).
 */
final class DistinctAccumulator
        extends Accumulator
{
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Accumulator inner;
    private final KeyEncoder encoder;
    private final BytesHashTable seen;
    private final int[] selection = new int[ColumnBatch.MAX_ROWS];
    private final int[] selectedGroups = new int[ColumnBatch.MAX_ROWS];
    private byte[] key = new byte[64];

    DistinctAccumulator(MemoryAccount account, DataType argType, Accumulator inner)
    {
        super(account);
        this.inner = inner;
        this.encoder = new KeyEncoder(List.of(argType));
        this.seen = new BytesHashTable(account);
    }

    @Override
    protected int bytesPerGroup()
    {
        return 0;
    }

    @Override
    protected void resize(int newCapacity)
    {
        inner.ensureGroups(newCapacity);
    }

    @Override
    public void add(int[] groupIds, ColumnBatch batch, ColumnVector arg)
    {
        ColumnVector[] args = {arg};
        int n = batch.size();
        int m = 0;
        for (int i = 0; i < n; i++) {
            int p = batch.position(i);
            if (arg.isNull(p)) {
                continue;
            }
            if (insert(seen, encoder, args, p, groupIds[i], this::key)) {
                selection[m] = p;
                selectedGroups[m++] = groupIds[i];
            }
        }
        if (m == 0) {
            return;
        }
        // A view over the same vectors: never closed here, the caller owns them.
        ColumnBatch view = new ColumnBatch(batch.columns(), batch.rowCount());
        view.setSelection(selection, m);
        inner.add(selectedGroups, view, arg);
    }

    private byte[] key(int length)
    {
        if (length > key.length) {
            key = Arrays.copyOf(key, Math.max(length, key.length * 2));
        }
        return key;
    }

    /**
     * Inserts (group, encoded values of physical row {@code p}) into {@code set}; true when the pair is new.
     *
     * @param buffer returns a scratch array of at least the given length
     */
    static boolean insert(BytesHashTable set, KeyEncoder encoder, ColumnVector[] values, int p, int group, IntFunction<byte[]> buffer)
    {
        encoder.encode(values, p);
        int len = Integer.BYTES + encoder.length();
        byte[] key = buffer.apply(len);
        INT_LE.set(key, 0, group);
        System.arraycopy(encoder.buffer(), 0, key, Integer.BYTES, encoder.length());
        set.findOrInsert(key, len, KeyEncoder.hash(key, 0, len));
        return set.lastInserted();
    }

    @Override
    public void write(int firstGroup, int count, ColumnVector out)
    {
        inner.write(firstGroup, count, out);
    }

    @Override
    public void close()
    {
        try {
            inner.close();
        }
        finally {
            seen.close();
        }
    }
}
