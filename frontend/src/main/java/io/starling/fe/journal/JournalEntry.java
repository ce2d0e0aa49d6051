package io.starling.fe.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.starling.fe.auth.UserChange;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.View;

import java.util.List;

/**
 * One metadata mutation, as written to the journal. Every change of the catalog, the transaction table and the
 * user list is one of these; the in-memory state is only ever changed by applying them (live, right after the
 * record is durable, and again on replay). Entries carry every id and value they need, so replay never allocates
 * anything or consults the clock.
 *
 * <p>JSON form: an object with {@code "op"} naming the record (e.g. {@code {"op":"CreateDatabase","db":{...}}}).
 * Renaming a record or a component breaks old journals: add new records instead.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalEntry.AllocateIds.class, name = "AllocateIds"),
        @JsonSubTypes.Type(value = JournalEntry.CreateDatabase.class, name = "CreateDatabase"),
        @JsonSubTypes.Type(value = JournalEntry.DropDatabase.class, name = "DropDatabase"),
        @JsonSubTypes.Type(value = JournalEntry.CreateTable.class, name = "CreateTable"),
        @JsonSubTypes.Type(value = JournalEntry.DropTable.class, name = "DropTable"),
        @JsonSubTypes.Type(value = JournalEntry.AddPartitions.class, name = "AddPartitions"),
        @JsonSubTypes.Type(value = JournalEntry.TruncateTable.class, name = "TruncateTable"),
        @JsonSubTypes.Type(value = JournalEntry.AlterTableProperties.class, name = "AlterTableProperties"),
        @JsonSubTypes.Type(value = JournalEntry.BeginTxn.class, name = "BeginTxn"),
        @JsonSubTypes.Type(value = JournalEntry.CommitTxn.class, name = "CommitTxn"),
        @JsonSubTypes.Type(value = JournalEntry.VisibleTxn.class, name = "VisibleTxn"),
        @JsonSubTypes.Type(value = JournalEntry.AbortTxn.class, name = "AbortTxn"),
        @JsonSubTypes.Type(value = JournalEntry.User.class, name = "User"),
        @JsonSubTypes.Type(value = JournalEntry.CreateView.class, name = "CreateView"),
        @JsonSubTypes.Type(value = JournalEntry.DropView.class, name = "DropView"),
        @JsonSubTypes.Type(value = JournalEntry.ReplacePartitions.class, name = "ReplacePartitions"),
        @JsonSubTypes.Type(value = JournalEntry.PutTableStats.class, name = "PutTableStats"),
        @JsonSubTypes.Type(value = JournalEntry.DropTableStats.class, name = "DropTableStats"),
})
public sealed interface JournalEntry
{
    /** Ids below {@code limit} may be handed out (ids are reserved in batches so a crash never reuses one). */
    record AllocateIds(long limit) implements JournalEntry
    {
    }

    record CreateDatabase(Database db) implements JournalEntry
    {
    }

    /** Drops a database and all its tables. */
    record DropDatabase(String name) implements JournalEntry
    {
    }

    /** Creates a table with its initial partitions and tablets (already created on the BE). */
    record CreateTable(String db, OlapTable table) implements JournalEntry
    {
    }

    record DropTable(String db, String table) implements JournalEntry
    {
    }

    /** New partitions of an expression-partitioned table (automatic partition creation on load). */
    record AddPartitions(long tableId, List<Partition> partitions) implements JournalEntry
    {
    }

    /** TRUNCATE TABLE: every partition is replaced by an empty one with new tablets (same names and ranges). */
    record TruncateTable(long tableId, List<Partition> partitions) implements JournalEntry
    {
    }

    /** ALTER TABLE SET (...), and index DDL (indexes live in the properties, see TableIndexes): the new property map. */
    record AlterTableProperties(long tableId, java.util.Map<String, String> properties) implements JournalEntry
    {
    }

    /**
     * A load transaction starts; its label is taken from now on.
     *
     * @param sourceType INSERT or STREAM_LOAD
     */
    record BeginTxn(long txnId, long dbId, String dbName, String label, List<Long> tableIds, String sourceType,
            long timeMillis) implements JournalEntry
    {
    }

    /** New version, added rows and bytes of one partition in a committed transaction. */
    record PartitionCommit(long tableId, long partitionId, long version, long rows, long bytes)
    {
    }

    /** What one tablet got in a committed transaction (from the BE's TabletCommitInfo). */
    record TabletCommit(long tabletId, long partitionId, long rowsetId, long rows, long bytes)
    {
    }

    /**
     * The transaction's data is durable on the BE and will become visible at these versions (after publish). From
     * here on the transaction can no longer abort: restart recovery re-publishes it.
     */
    record CommitTxn(long txnId, List<PartitionCommit> partitions, List<TabletCommit> tablets, long loadedRows,
            long filteredRows, long timeMillis) implements JournalEntry
    {
    }

    /** Publish finished: all partitions of the transaction switch to their new versions in one step. */
    record VisibleTxn(long txnId, List<PartitionCommit> partitions, long timeMillis) implements JournalEntry
    {
    }

    record AbortTxn(long txnId, String reason, long timeMillis) implements JournalEntry
    {
    }

    /** CREATE/DROP USER and password changes, from the {@link io.starling.fe.auth.UserStore} journal hook. */
    record User(UserChange change) implements JournalEntry
    {
    }

    /** CREATE [OR REPLACE] VIEW and ALTER VIEW: installs the view under its database and name (replacing any). */
    record CreateView(View view) implements JournalEntry
    {
    }

    record DropView(String db, String view) implements JournalEntry
    {
    }

    /**
     * INSERT OVERWRITE's swap: the partitions with ids {@code oldPartitionIds} leave the table and
     * {@code partitions} (loaded temporary partitions, carrying their visible version and row counts) take their
     * place, in one catalog snapshot.
     */
    record ReplacePartitions(long tableId, List<Long> oldPartitionIds, List<Partition> partitions, long timeMillis)
            implements JournalEntry
    {
    }

    /** ANALYZE TABLE finished: the table's statistics (io.starling.fe.stats) replace any earlier ones. */
    record PutTableStats(io.starling.fe.stats.TableStatistics stats) implements JournalEntry
    {
    }

    /** DROP STATS. */
    record DropTableStats(long tableId) implements JournalEntry
    {
    }
}
