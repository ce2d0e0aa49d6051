package io.starling.fe.catalog;

import io.starling.rpc.proto.Literal;

import java.util.List;

/**
 * A partition: a value range of the partition column, its tablets (one per bucket, bucket order) and the version
 * readers see. Versions start at 1 (the empty partition) and grow by one per committed load, as in StarRocks.
 * Immutable: a new version replaces the object in its {@link OlapTable} (copy-on-write under the catalog lock).
 *
 * @param lower inclusive lower bound in the partition column's value domain; is_null = MINVALUE (or unpartitioned)
 * @param upper exclusive upper bound; is_null = MAXVALUE
 */
public record Partition(long id, String name, Literal lower, Literal upper, List<Tablet> tablets, long visibleVersion,
        long rowCount, long dataBytes, long visibleVersionTimeMillis)
{
    public Partition withVersion(long version, long addedRows, long addedBytes, long timeMillis)
    {
        return new Partition(id, name, lower, upper, tablets, version, rowCount + addedRows, dataBytes + addedBytes,
                timeMillis);
    }
}
