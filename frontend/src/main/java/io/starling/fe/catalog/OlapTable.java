package io.starling.fe.catalog;

import java.util.List;
import java.util.Map;

/**
 * A native (OLAP) table. Immutable value object: DDL and loads produce a new instance that replaces the old one in
 * its {@link Database} (copy-on-write), so a query plans against one consistent snapshot.
 *
 * @param partitions in ascending range order
 * @param properties PROPERTIES of CREATE TABLE as given (replication_num, ...)
 */
public record OlapTable(long id, String name, List<Column> columns, KeysType keysType, List<String> keyColumns,
        PartitionScheme partitionScheme, List<Partition> partitions, Distribution distribution,
        Map<String, String> properties, String comment, long createTimeMillis)
{
    /** Index of a column by case-insensitive name, or -1. */
    public int columnIndex(String columnName)
    {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(columnName)) {
                return i;
            }
        }
        return -1;
    }

    public long rowCount()
    {
        long n = 0;
        for (Partition p : partitions) {
            n += p.rowCount();
        }
        return n;
    }

    public long dataBytes()
    {
        long n = 0;
        for (Partition p : partitions) {
            n += p.dataBytes();
        }
        return n;
    }
}
