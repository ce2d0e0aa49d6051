package io.starling.fe.catalog;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.Literal;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary partitions of running INSERT OVERWRITE statements, by table id (StarRocks' own scheme: load into fresh
 * partitions, then swap them in). They live only in memory: readers never see them (they are not part of any
 * {@link OlapTable}), the transaction manager finds them to version and publish the load, and the catalog's
 * journaled {@code ReplacePartitions} swap makes them the table's partitions. A crash before the swap therefore
 * leaves the old data, as INSERT OVERWRITE promises. Mutated only under the edit-log lock.
 */
final class TempPartitions
{
    /** One running overwrite: its temporary partitions and whether loading may add more (automatic partitions). */
    private record Running(List<Partition> partitions, boolean autoCreate, java.util.concurrent.atomic.AtomicLong txnId)
    {
    }

    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    void begin(OlapTable table, List<Partition> fresh, boolean autoCreate) throws SqlError
    {
        if (running.containsKey(table.id())) {
            throw new SqlError(ErrorCode.INTERNAL, "Another INSERT OVERWRITE of table '" + table.name()
                    + "' is running; try again when it has finished");
        }
        running.put(table.id(), new Running(new ArrayList<>(fresh), autoCreate, new java.util.concurrent.atomic.AtomicLong(-1)));
    }

    boolean active(long tableId)
    {
        return running.containsKey(tableId);
    }

    /** Records the transaction that loads the temporary partitions of {@code tableId}'s running overwrite. */
    void bind(long tableId, long txnId)
    {
        Running r = running.get(tableId);
        if (r != null) {
            r.txnId().set(txnId);
        }
    }

    /**
     * Whether a load of transaction {@code txnId} writes into the temporary partitions: only the overwrite's own
     * load does; a plain INSERT running at the same time keeps creating ordinary partitions.
     */
    boolean ownedBy(long tableId, long txnId)
    {
        Running r = running.get(tableId);
        return r != null && r.txnId().get() == txnId;
    }

    Partition find(long tableId, long partitionId)
    {
        Running r = running.get(tableId);
        if (r == null) {
            return null;
        }
        synchronized (r) {
            for (Partition p : r.partitions()) {
                if (p.id() == partitionId) {
                    return p;
                }
            }
        }
        return null;
    }

    List<Partition> list(long tableId)
    {
        Running r = running.get(tableId);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            return List.copyOf(r.partitions());
        }
    }

    void end(long tableId)
    {
        running.remove(tableId);
    }

    /**
     * The temporary partitions holding each value of an expression-partitioned table (DATE days / DATETIME
     * micros), creating missing ones through the catalog (caller holds the edit-log lock).
     *
     * @throws IllegalArgumentException for a value outside the named partitions of INSERT OVERWRITE ... PARTITION
     */
    List<Partition> automatic(Catalog catalog, OlapTable t, DataType type, List<Literal> values)
    {
        Running r = running.get(t.id());
        PartitionScheme scheme = t.partitionScheme();
        TreeMap<Long, Partition> result = new TreeMap<>();
        for (Literal v : values) {
            if (v.getIsNull()) {
                throw new IllegalArgumentException("NULL value for partition column " + scheme.columnName()
                        + " of table " + t.name());
            }
            long start = LiteralValues.truncate(type, v.getLongValue(), scheme.timeUnit());
            if (result.containsKey(start)) {
                continue;
            }
            Partition covering = covering(r, start);
            if (covering == null) {
                if (!r.autoCreate()) {
                    throw new IllegalArgumentException("Insert has filtered data in strict mode: a value of "
                            + scheme.columnName() + " falls outside the partitions named in INSERT OVERWRITE");
                }
                String name = LiteralValues.partitionName(type, start, scheme.timeUnit());
                long end = LiteralValues.next(type, start, scheme.timeUnit());
                covering = catalog.newTempPartition(t, name, start, end);
                synchronized (r) {
                    r.partitions().add(covering);
                }
            }
            result.put(start, covering);
        }
        return new ArrayList<>(new java.util.LinkedHashSet<>(result.values()));
    }

    private static Partition covering(Running r, long value)
    {
        synchronized (r) {
            for (Partition p : r.partitions()) {
                boolean geLower = p.lower().getIsNull() || value >= p.lower().getLongValue();
                boolean ltUpper = p.upper().getIsNull() || value < p.upper().getLongValue();
                if (geLower && ltUpper) {
                    return p;
                }
            }
        }
        return null;
    }
}
