package io.starling.fe.catalog;

import io.starling.rpc.proto.DistributionSpec;
import io.starling.rpc.proto.OlapTableSink;
import io.starling.rpc.proto.PartitionDesc;
import io.starling.rpc.proto.PartitionSpec;
import io.starling.rpc.service.FrontendCallbacks;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan IR a table sink needs from the catalog, built in one place for every writer (INSERT, INSERT OVERWRITE,
 * Stream Load, UPDATE/DELETE, EXPLAIN ANALYZE INSERT) and for the BE's automatic-partition callback.
 */
public final class SinkDescs
{
    private SinkDescs()
    {
    }

    /** One partition with its range and tablets. */
    public static PartitionDesc partition(Partition p)
    {
        PartitionDesc.Builder d = PartitionDesc.newBuilder().setId(p.id()).setName(p.name()).setLower(p.lower())
                .setUpper(p.upper());
        for (Tablet t : p.tablets()) {
            d.addTabletIds(t.id());
        }
        return d.build();
    }

    /**
     * The BE's automatic-partition callback: the partitions holding the values, created as needed for the load of
     * transaction {@code txnId} (see {@link Catalog#createAutomaticPartitions(long, long, List)}).
     */
    public static FrontendCallbacks automaticPartitions(Catalog catalog)
    {
        return (tableId, txnId, values) -> {
            List<PartitionDesc> out = new ArrayList<>();
            for (Partition p : catalog.createAutomaticPartitions(tableId, txnId, values)) {
                out.add(partition(p));
            }
            return out;
        };
    }

    /**
     * A table sink for {@code t} writing into {@code partitions} (the table's own, a subset, or temporary ones):
     * schema, partition scheme, distribution, transaction and index spec; the caller sets the filter ratio and any
     * load-specific fields.
     */
    public static OlapTableSink.Builder sink(Database db, OlapTable t, long txnId, Iterable<Partition> partitions)
    {
        PartitionSpec.Builder ps = PartitionSpec.newBuilder().setKind(t.partitionScheme().kind());
        if (t.partitionScheme().columnName() != null) {
            ps.setColumnIndex(t.columnIndex(t.partitionScheme().columnName()));
        }
        if (t.partitionScheme().timeUnit() != null) {
            ps.setTimeUnit(t.partitionScheme().timeUnit());
        }
        for (Partition p : partitions) {
            ps.addPartitions(partition(p));
        }
        DistributionSpec.Builder ds = DistributionSpec.newBuilder().setRandom(t.distribution().random())
                .setBuckets(t.distribution().buckets());
        for (String c : t.distribution().hashColumns()) {
            ds.addHashColumnIndexes(t.columnIndex(c));
        }
        return OlapTableSink.newBuilder().setDbId(db.id()).setTableId(t.id()).setTableName(t.name()).setTxnId(txnId)
                .addAllColumns(TypeDescs.columns(t)).setPartition(ps).setDistribution(ds)
                .setIndexSpec(TableIndexes.spec(t));
    }
}
