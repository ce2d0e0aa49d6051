package io.starling.fe.catalog;

import io.starling.rpc.proto.Literal;

import java.util.List;
import java.util.Map;

/**
 * A validated CREATE TABLE before ids are assigned: what the statement layer hands to
 * {@link Catalog#createTable}. Validation (key prefix, duplicate columns, ordered ranges) happened already.
 *
 * @param partitions initial partitions, ascending; empty for expression partitioning; for an unpartitioned table
 *                   the catalog creates the single partition itself
 */
public record TableDefinition(String name, List<Column> columns, KeysType keysType, List<String> keyColumns,
        PartitionScheme partitionScheme, List<PartitionDefinition> partitions, Distribution distribution,
        Map<String, String> properties, String comment)
{
    /** A partition to create: a name and its range in the partition column's domain (is_null = MIN/MAXVALUE). */
    public record PartitionDefinition(String name, Literal lower, Literal upper)
    {
    }
}
