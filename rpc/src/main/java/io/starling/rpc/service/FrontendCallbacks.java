package io.starling.rpc.service;

import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.PartitionDesc;

import java.util.List;

/** What a BE asks the FE while running a fragment (StarRocks: FE thrift createPartition for automatic partitions). */
public interface FrontendCallbacks
{
    /**
     * Creates (or returns the existing) partitions of an expression-partitioned table that hold the given values
     * of the partition column (already truncated to the partition unit is not required). The tablets of new
     * partitions are created on the BE before this returns.
     */
    List<PartitionDesc> createAutomaticPartitions(long tableId, long txnId, List<Literal> values) throws Exception;

    FrontendCallbacks NONE = (tableId, txnId, values) -> {
        throw new UnsupportedOperationException("automatic partition creation is not available here");
    };
}
