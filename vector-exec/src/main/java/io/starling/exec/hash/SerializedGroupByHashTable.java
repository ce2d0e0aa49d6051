package io.starling.exec.hash;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * Generic group-by table: keys (any number of columns, any types) serialized by {@link KeyEncoder} into a
 * {@link BytesHashTable}. One encode + byte hash per row; a later version can specialise common shapes
 * (two ints, dictionary codes) into normalized {@code long} keys.
 */
public final class SerializedGroupByHashTable
        implements GroupByHashTable
{
    private final KeyEncoder encoder;
    private final BytesHashTable table;

    public SerializedGroupByHashTable(List<DataType> keyTypes, MemoryAccount account)
    {
        this.encoder = new KeyEncoder(keyTypes);
        this.table = new BytesHashTable(account);
    }

    @Override
    public void findOrInsert(ColumnVector[] keys, ColumnBatch batch, int[] groupIds)
    {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            encoder.encode(keys, batch.position(i));
            byte[] buf = encoder.buffer();
            int len = encoder.length();
            groupIds[i] = table.findOrInsert(buf, len, KeyEncoder.hash(buf, 0, len));
        }
    }

    /** Id of an already encoded key (KeyEncoder format), inserting it if new; for tables migrating their groups here. */
    int insertEncoded(byte[] key, int length)
    {
        return table.findOrInsert(key, length, KeyEncoder.hash(key, 0, length));
    }

    @Override
    public int groupCount()
    {
        return table.size();
    }

    @Override
    public void writeKeys(int firstGroup, int count, ColumnVector[] out)
    {
        byte[] arena = table.keyBytes();
        for (int r = 0; r < count; r++) {
            encoder.decode(arena, table.keyOffset(firstGroup + r), out, r);
        }
    }

    @Override
    public void close()
    {
        table.close();
    }
}
