package io.starling.fe.catalog;

import io.starling.rpc.proto.PartitionKind;

/**
 * How a table is partitioned.
 *
 * @param kind        none, RANGE(col) or expression partitioning by time ({@code date_trunc('day', col)})
 * @param columnName  the partition column, or null for {@link PartitionKind#PARTITION_NONE}
 * @param timeUnit    for expression partitioning: the date_trunc unit (day, month, year, hour, week)
 */
public record PartitionScheme(PartitionKind kind, String columnName, String timeUnit)
{
    public static final PartitionScheme NONE = new PartitionScheme(PartitionKind.PARTITION_NONE, null, null);
}
