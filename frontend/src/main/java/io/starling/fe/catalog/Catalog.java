package io.starling.fe.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.fe.journal.EditLog;
import io.starling.fe.journal.JournalCodec;
import io.starling.fe.journal.JournalComponent;
import io.starling.fe.journal.JournalEntry;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.CreateTabletRequest;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.PartitionKind;
import io.starling.rpc.proto.TableColumnDesc;
import io.starling.rpc.service.BackendService;
import io.starling.storage.types.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The FE catalog: databases, tables, partitions and tablets. Implements {@link CatalogReader} over an immutable
 * snapshot that is replaced as a whole on every change (copy-on-write), so a reader always sees one consistent
 * state without locking. Changes happen only by applying {@link JournalEntry}s: the mutators below validate under
 * the {@link EditLog} lock, allocate ids, create tablets on the BE and then log the entry, whose application
 * installs the new snapshot.
 *
 * <p>Ids (databases, tables, partitions, tablets, transactions) come from one counter. Ranges of
 * {@link #ID_BATCH} ids are reserved with an {@link JournalEntry.AllocateIds} entry before use, so an id that might
 * have reached a BE before a crash is never handed out again.
 *
 * <p>All-in-one mode has one BE ({@link #LOCAL_BACKEND_ID}); every tablet has one replica there whatever
 * {@code replication_num} says (the property is kept and printed as given).
 */
public final class Catalog implements CatalogReader, JournalComponent, io.starling.fe.stats.StatisticsSource
{
    /** Backend id of the local BE in all-in-one mode (StarRocks numbers its first BE 10001 as well). */
    public static final long LOCAL_BACKEND_ID = 10001;
    /** Ids reserved per AllocateIds entry: one journal write per thousand objects keeps DDL cheap. */
    public static final long ID_BATCH = 1000;
    /** First id handed out; ids below it are reserved for built-ins (StarRocks also starts user ids at 10000+). */
    public static final long FIRST_ID = 10_000;
    /**
     * Buckets when DISTRIBUTED BY omits BUCKETS. StarRocks derives the count from the number of BEs and the size of
     * the largest partition; with one BE and no data yet we use 10: enough tablets to scan in parallel on a
     * typical all-in-one machine while keeping per-tablet overhead small for tiny tables.
     */
    public static final int DEFAULT_BUCKETS = 10;
    public static final String IMAGE_SECTION = "catalog";
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

    /** A database with its tables (by name). */
    private record DbEntry(Database db, Map<String, OlapTable> tables)
    {
    }

    /** One consistent catalog state. */
    private record State(Map<String, DbEntry> dbs, Map<Long, String> tableDb)
    {
    }

    /**
     * Image form of the catalog ({@code views} is null in images written before views existed, {@code stats}
     * before ANALYZE statistics existed).
     */
    public record Image(long nextId, long idLimit, List<DbImage> databases, List<View> views,
            List<io.starling.fe.stats.TableStatistics> stats)
    {
    }

    public record DbImage(Database db, List<OlapTable> tables)
    {
    }

    private final EditLog editLog;
    private final BackendService backend;
    private volatile State state = new State(Map.of(), Map.of());
    /** Views (database -> name -> view); see {@link CatalogViews}. */
    private final CatalogViews views = new CatalogViews();
    /** ANALYZE statistics by table id; see {@link io.starling.fe.stats.TableStatsStore}. */
    private final io.starling.fe.stats.TableStatsStore stats = new io.starling.fe.stats.TableStatsStore();
    /** Temporary partitions of running INSERT OVERWRITEs; see {@link TempPartitions}. */
    private final TempPartitions tempPartitions = new TempPartitions();
    private long nextId = FIRST_ID;
    private long idLimit = FIRST_ID;

    public Catalog(EditLog editLog, BackendService backend)
    {
        this.editLog = editLog;
        this.backend = backend;
    }

    // ---- CatalogReader ----

    @Override
    public Database getDatabase(String name)
    {
        if (SystemTables.DATABASE.equalsIgnoreCase(name)) {
            return INFORMATION_SCHEMA;
        }
        DbEntry e = state.dbs().get(name);
        return e == null ? null : e.db();
    }

    @Override
    public OlapTable getTable(String database, String table)
    {
        DbEntry e = state.dbs().get(database);
        return e == null ? null : e.tables().get(table);
    }

    @Override
    public List<Database> databases()
    {
        List<Database> out = new ArrayList<>();
        out.add(INFORMATION_SCHEMA);
        for (DbEntry e : state.dbs().values()) {
            out.add(e.db());
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public List<OlapTable> tables(String database)
    {
        DbEntry e = state.dbs().get(database);
        return e == null ? List.of() : List.copyOf(e.tables().values());
    }

    /** The pseudo database holding the system tables; it has no OLAP tables. */
    public static final Database INFORMATION_SCHEMA = new Database(0, SystemTables.DATABASE, 0);

    /** A table by id with its database, or null. */
    public TableRef tableById(long tableId)
    {
        State s = state;
        String db = s.tableDb().get(tableId);
        if (db == null) {
            return null;
        }
        DbEntry e = s.dbs().get(db);
        for (OlapTable t : e.tables().values()) {
            if (t.id() == tableId) {
                return new TableRef(e.db(), t);
            }
        }
        return null;
    }

    // ---- mutations ----

    /**
     * CREATE DATABASE.
     *
     * @return false if it existed and {@code ifNotExists}
     * @throws SqlError 1007 if it exists
     */
    public boolean createDatabase(String name, boolean ifNotExists) throws SqlError
    {
        editLog.lock().lock();
        try {
            if (getDatabase(name) != null) {
                if (ifNotExists) {
                    return false;
                }
                throw new SqlError(ErrorCode.DB_EXISTS, name);
            }
            long id = allocateId();
            editLog.log(new JournalEntry.CreateDatabase(new Database(id, name, System.currentTimeMillis())));
            return true;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /**
     * DROP DATABASE with all its tables (their tablets are dropped on the BE after the entry is durable).
     *
     * @throws SqlError 1008 if it does not exist
     */
    public boolean dropDatabase(String name, boolean ifExists) throws SqlError
    {
        List<Long> tablets = new ArrayList<>();
        editLog.lock().lock();
        try {
            DbEntry e = state.dbs().get(name);
            if (e == null) {
                if (SystemTables.DATABASE.equalsIgnoreCase(name)) {
                    throw new SqlError(ErrorCode.DB_ACCESS_DENIED, "root", "%", name);
                }
                if (ifExists) {
                    return false;
                }
                throw new SqlError(ErrorCode.DB_DROP_NOT_EXISTS, name);
            }
            for (OlapTable t : e.tables().values()) {
                tablets.addAll(tabletIds(t.partitions()));
            }
            editLog.log(new JournalEntry.DropDatabase(name));
        }
        finally {
            editLog.lock().unlock();
        }
        dropTablets(tablets);
        return true;
    }

    /**
     * CREATE TABLE: assigns ids, creates the tablets of the initial partitions on the BE, then logs the table.
     *
     * @return the new table, or null if it existed and {@code ifNotExists}
     * @throws SqlError 1049 unknown database, 1050 table exists
     */
    public OlapTable createTable(String dbName, TableDefinition def, boolean ifNotExists) throws SqlError
    {
        editLog.lock().lock();
        try {
            DbEntry e = requireDb(dbName);
            if (e.tables().containsKey(def.name()) || views.get(dbName, def.name()) != null) {
                if (ifNotExists) {
                    return null;
                }
                throw new SqlError(ErrorCode.TABLE_EXISTS, def.name());
            }
            long tableId = allocateId();
            int buckets = def.distribution().buckets() > 0 ? def.distribution().buckets() : DEFAULT_BUCKETS;
            Distribution dist = new Distribution(def.distribution().random(), def.distribution().hashColumns(), buckets);
            List<TableDefinition.PartitionDefinition> parts = def.partitions();
            if (def.partitionScheme().kind() == PartitionKind.PARTITION_NONE) {
                parts = List.of(new TableDefinition.PartitionDefinition(def.name(), LiteralValues.nullLiteral(),
                        LiteralValues.nullLiteral()));
            }
            long now = System.currentTimeMillis();
            List<Partition> partitions = new ArrayList<>();
            for (TableDefinition.PartitionDefinition pd : parts) {
                partitions.add(newPartition(pd.name(), pd.lower(), pd.upper(), buckets, now));
            }
            OlapTable table = new OlapTable(tableId, def.name(), List.copyOf(def.columns()), def.keysType(),
                    List.copyOf(def.keyColumns()), def.partitionScheme(), List.copyOf(partitions), dist,
                    Collections.unmodifiableMap(new java.util.LinkedHashMap<>(def.properties())),
                    def.comment() == null ? "" : def.comment(), now);
            createTablets(table, partitions);
            editLog.log(new JournalEntry.CreateTable(dbName, table));
            return getTable(dbName, def.name());
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /**
     * DROP TABLE.
     *
     * @throws SqlError 1049 unknown database, 1051 unknown table
     */
    public boolean dropTable(String dbName, String tableName, boolean ifExists) throws SqlError
    {
        List<Long> tablets;
        editLog.lock().lock();
        try {
            DbEntry e = requireDb(dbName);
            OlapTable t = e.tables().get(tableName);
            if (t == null && views.get(dbName, tableName) != null) {
                throw CatalogViews.wrongObject(dbName, tableName, "TABLE");
            }
            if (t == null) {
                if (ifExists) {
                    return false;
                }
                throw new SqlError(ErrorCode.BAD_TABLE, dbName + "." + tableName);
            }
            tablets = tabletIds(t.partitions());
            editLog.log(new JournalEntry.DropTable(dbName, tableName));
        }
        finally {
            editLog.lock().unlock();
        }
        dropTablets(tablets);
        return true;
    }

    /**
     * TRUNCATE TABLE: every partition is replaced by an empty one (same id, name and range, version 1, new
     * tablets); the old tablets are dropped after the entry is durable.
     *
     * @throws SqlError 1049 unknown database, 1146 unknown table
     */
    public void truncateTable(String dbName, String tableName) throws SqlError
    {
        List<Long> old;
        editLog.lock().lock();
        try {
            DbEntry e = requireDb(dbName);
            OlapTable t = e.tables().get(tableName);
            if (t == null) {
                throw new SqlError(ErrorCode.NO_SUCH_TABLE, dbName + "." + tableName);
            }
            long now = System.currentTimeMillis();
            List<Partition> fresh = new ArrayList<>();
            for (Partition p : t.partitions()) {
                Partition np = newPartition(p.name(), p.lower(), p.upper(), p.tablets().size(), now);
                fresh.add(new Partition(p.id(), np.name(), np.lower(), np.upper(), np.tablets(), 1, 0, 0, now));
            }
            createTablets(t, fresh);
            old = tabletIds(t.partitions());
            editLog.log(new JournalEntry.TruncateTable(t.id(), fresh));
        }
        finally {
            editLog.lock().unlock();
        }
        dropTablets(old);
    }

    /**
     * Replaces a table's properties (ALTER TABLE SET, index DDL through {@link TableIndexes}); {@code change} computes
     * the new map from the current table under the edit log lock, so concurrent DDL cannot lose an update.
     *
     * @throws SqlError 1049 unknown database, 1146 unknown table, or what {@code change} throws
     */
    public OlapTable alterTableProperties(String dbName, String tableName, PropertyChange change) throws SqlError
    {
        editLog.lock().lock();
        try {
            DbEntry e = requireDb(dbName);
            OlapTable t = e.tables().get(tableName);
            if (t == null) {
                throw new SqlError(ErrorCode.NO_SUCH_TABLE, dbName + "." + tableName);
            }
            Map<String, String> props = change.apply(t);
            editLog.log(new JournalEntry.AlterTableProperties(t.id(), new java.util.LinkedHashMap<>(props)));
            return getTable(dbName, tableName);
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /** A property change computed from the current table. */
    @FunctionalInterface
    public interface PropertyChange
    {
        Map<String, String> apply(OlapTable current) throws SqlError;
    }

    /**
     * Partitions of an expression-partitioned table holding each value (DATE days / DATETIME micros), creating
     * missing ones (tablets on the BE first, then one AddPartitions entry). Returns the partitions in ascending
     * order, deduplicated.
     */
    public List<Partition> createAutomaticPartitions(long tableId, List<Literal> values)
    {
        return createAutomaticPartitions(tableId, -1, values);
    }

    /**
     * As {@link #createAutomaticPartitions(long, List)} for the load of transaction {@code txnId} (-1: unknown): a
     * running INSERT OVERWRITE's own load gets temporary partitions, any other load ordinary ones.
     */
    public List<Partition> createAutomaticPartitions(long tableId, long txnId, List<Literal> values)
    {
        editLog.lock().lock();
        try {
            TableRef ref = tableById(tableId);
            if (ref == null) {
                throw new IllegalArgumentException("unknown table id " + tableId);
            }
            OlapTable t = ref.table();
            PartitionScheme scheme = t.partitionScheme();
            if (scheme.kind() != PartitionKind.PARTITION_EXPR_TIME) {
                throw new IllegalArgumentException("table " + t.name() + " does not use expression partitioning");
            }
            DataType type = t.columns().get(t.columnIndex(scheme.columnName())).type();
            if (txnId < 0 ? tempPartitions.active(tableId) : tempPartitions.ownedBy(tableId, txnId)) {
                // INSERT OVERWRITE loads into temporary partitions: new ranges become temporary ones too.
                return tempPartitions.automatic(this, t, type, values);
            }
            TreeMap<Long, Partition> result = new TreeMap<>();
            Map<String, Partition> created = new TreeMap<>();
            long now = System.currentTimeMillis();
            for (Literal v : values) {
                if (v.getIsNull()) {
                    throw new IllegalArgumentException("NULL value for partition column " + scheme.columnName()
                            + " of table " + t.name());
                }
                long start = LiteralValues.truncate(type, v.getLongValue(), scheme.timeUnit());
                if (result.containsKey(start)) {
                    continue;
                }
                Partition existing = findCovering(t.partitions(), start);
                if (existing == null) {
                    String name = LiteralValues.partitionName(type, start, scheme.timeUnit());
                    existing = created.get(name);
                    if (existing == null) {
                        long end = LiteralValues.next(type, start, scheme.timeUnit());
                        existing = newPartition(name, LiteralValues.ofLong(start), LiteralValues.ofLong(end),
                                t.distribution().buckets(), now);
                        created.put(name, existing);
                    }
                }
                result.put(start, existing);
            }
            if (!created.isEmpty()) {
                List<Partition> added = new ArrayList<>(created.values());
                createTablets(t, added);
                editLog.log(new JournalEntry.AddPartitions(tableId, added));
                LOG.info("created {} automatic partition(s) for table {}: {}", added.size(), t.name(), created.keySet());
            }
            // Re-read: the partitions now carry their catalog state.
            OlapTable now2 = tableById(tableId).table();
            List<Partition> out = new ArrayList<>();
            for (Partition p : result.values()) {
                for (Partition q : now2.partitions()) {
                    if (q.id() == p.id() && !out.contains(q)) {
                        out.add(q);
                    }
                }
            }
            return out;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    // ---- views (CatalogViews holds the state and the checks) ----

    @Override
    public View getView(String database, String view)
    {
        return views.get(database, view);
    }

    @Override
    public List<View> views(String database)
    {
        return views.list(database);
    }

    /**
     * CREATE [OR REPLACE] VIEW ({@code alter} false) or ALTER VIEW ({@code alter} true); the view's id is assigned
     * here (a replaced view keeps its id).
     *
     * @return false if it existed and {@code ifNotExists}
     * @throws SqlError 1049 unknown database, 1050 name taken, 1146 ALTER of a missing view, 1347 ALTER of a table
     */
    public boolean putView(View view, boolean orReplace, boolean ifNotExists, boolean alter) throws SqlError
    {
        editLog.lock().lock();
        try {
            DbEntry e = requireDb(view.database());
            View existing = views.get(view.database(), view.name());
            if (!CatalogViews.mayPut(view.database(), view.name(), existing, e.tables().containsKey(view.name()),
                    orReplace, ifNotExists, alter)) {
                return false;
            }
            long id = existing != null ? existing.id() : allocateId();
            long created = existing != null ? existing.createTimeMillis() : System.currentTimeMillis();
            editLog.log(new JournalEntry.CreateView(new View(id, view.database(), view.name(), view.definition(),
                    List.copyOf(view.columns()), view.explicitColumns(), view.comment(), created)));
            return true;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /**
     * DROP VIEW.
     *
     * @throws SqlError 1049 unknown database, 1051 unknown view, 1347 the name is a table
     */
    public boolean dropView(String dbName, String name, boolean ifExists) throws SqlError
    {
        editLog.lock().lock();
        try {
            DbEntry e = requireDb(dbName);
            if (e.tables().containsKey(name)) {
                throw CatalogViews.wrongObject(dbName, name, "VIEW");
            }
            if (views.get(dbName, name) == null) {
                if (ifExists) {
                    return false;
                }
                throw new SqlError(ErrorCode.BAD_TABLE, dbName + "." + name);
            }
            editLog.log(new JournalEntry.DropView(dbName, name));
            return true;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    // ---- ANALYZE statistics (io.starling.fe.stats.TableStatsStore holds them) ----

    @Override
    public io.starling.fe.stats.TableStatistics statistics(long tableId)
    {
        return tableById(tableId) == null ? null : stats.statistics(tableId);
    }

    /** Statistics of every existing table, in table-id order (SHOW STATS META). */
    public List<io.starling.fe.stats.TableStatistics> allStatistics()
    {
        return stats.live(id -> tableById(id) != null);
    }

    /** Journals ANALYZE TABLE's result; a table dropped meanwhile keeps nothing. */
    public void putStatistics(io.starling.fe.stats.TableStatistics s)
    {
        editLog.lock().lock();
        try {
            if (tableById(s.tableId()) != null) {
                editLog.log(new JournalEntry.PutTableStats(s));
            }
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /** DROP STATS: false when the table had none. */
    public boolean dropStatistics(long tableId)
    {
        editLog.lock().lock();
        try {
            if (stats.statistics(tableId) == null) {
                return false;
            }
            editLog.log(new JournalEntry.DropTableStats(tableId));
            return true;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    // ---- INSERT OVERWRITE (TempPartitions holds the state) ----

    /**
     * Creates empty temporary partitions (same names and ranges, new ids and tablets) for {@code partitions} of a
     * table and registers them for an INSERT OVERWRITE. They are not journaled: until {@link #replacePartitions}
     * readers see only the old partitions, and a crash forgets them (their tablets stay orphaned on the BE).
     *
     * @param autoCreate whether loading may add temporary partitions for new ranges (expression partitioning,
     *                   whole-table overwrite)
     * @throws SqlError 1105 if another INSERT OVERWRITE of the table is running
     */
    public List<Partition> createTempPartitions(long tableId, List<Partition> partitions, boolean autoCreate)
            throws SqlError
    {
        editLog.lock().lock();
        try {
            TableRef ref = tableById(tableId);
            if (ref == null) {
                throw new SqlError(ErrorCode.INTERNAL, "table " + tableId + " was dropped");
            }
            long now = System.currentTimeMillis();
            List<Partition> fresh = new ArrayList<>();
            for (Partition p : partitions) {
                fresh.add(newPartition(p.name(), p.lower(), p.upper(), p.tablets().size(), now));
            }
            tempPartitions.begin(ref.table(), fresh, autoCreate);
            try {
                createTablets(ref.table(), fresh);
            }
            catch (RuntimeException ex) {
                tempPartitions.end(tableId);
                throw ex;
            }
            return fresh;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    /** The temporary partition with this id of a running INSERT OVERWRITE of the table, or null. */
    public Partition tempPartition(long tableId, long partitionId)
    {
        return tempPartitions.find(tableId, partitionId);
    }

    /** Ties the running INSERT OVERWRITE of {@code tableId} to its load transaction (see createAutomaticPartitions). */
    public void bindTempPartitions(long tableId, long txnId)
    {
        tempPartitions.bind(tableId, txnId);
    }

    /** Every temporary partition of the running INSERT OVERWRITE of the table (including automatic ones). */
    public List<Partition> tempPartitions(long tableId)
    {
        return tempPartitions.list(tableId);
    }

    /**
     * Creates a temporary partition for one automatic-partition range during INSERT OVERWRITE (called by
     * {@link TempPartitions} under the edit-log lock).
     */
    Partition newTempPartition(OlapTable t, String name, long start, long end)
    {
        Partition p = newPartition(name, LiteralValues.ofLong(start), LiteralValues.ofLong(end),
                t.distribution().buckets(), System.currentTimeMillis());
        createTablets(t, List.of(p));
        return p;
    }

    /**
     * INSERT OVERWRITE's atomic swap: one journal entry replaces {@code oldPartitionIds} by the loaded temporary
     * {@code loaded} partitions; then the old tablets and the unused temporary ones are dropped on the BE.
     */
    public void replacePartitions(long tableId, List<Long> oldPartitionIds, List<Partition> loaded) throws SqlError
    {
        List<Long> drop = new ArrayList<>();
        editLog.lock().lock();
        try {
            TableRef ref = tableById(tableId);
            if (ref == null) {
                throw new SqlError(ErrorCode.INTERNAL, "Table was dropped during INSERT OVERWRITE");
            }
            for (Partition p : ref.table().partitions()) {
                if (oldPartitionIds.contains(p.id())) {
                    drop.addAll(tabletIds(List.of(p)));
                }
            }
            for (Partition p : tempPartitions.list(tableId)) {
                if (loaded.stream().noneMatch(q -> q.id() == p.id())) {
                    drop.addAll(tabletIds(List.of(p)));
                }
            }
            editLog.log(new JournalEntry.ReplacePartitions(tableId, List.copyOf(oldPartitionIds), List.copyOf(loaded),
                    System.currentTimeMillis()));
            tempPartitions.end(tableId);
        }
        finally {
            editLog.lock().unlock();
        }
        dropTablets(drop);
    }

    /** Forgets the temporary partitions of a failed INSERT OVERWRITE and drops their tablets. */
    public void dropTempPartitions(long tableId)
    {
        List<Partition> temp;
        editLog.lock().lock();
        try {
            temp = tempPartitions.list(tableId);
            tempPartitions.end(tableId);
        }
        finally {
            editLog.lock().unlock();
        }
        dropTablets(tabletIds(temp));
    }

    /**
     * The BE this catalog creates tablets on; statement executors that drive fragments themselves (EXPLAIN
     * ANALYZE, which needs the fragment's profile) reach it here.
     */
    public BackendService backend()
    {
        return backend;
    }

    /** Allocates one id (reserving a new batch through the journal when the current one is used up). */
    public long allocateId()
    {
        editLog.lock().lock();
        try {
            if (nextId >= idLimit) {
                editLog.log(new JournalEntry.AllocateIds(Math.max(idLimit, nextId) + ID_BATCH));
            }
            return nextId++;
        }
        finally {
            editLog.lock().unlock();
        }
    }

    // ---- JournalComponent ----

    @Override
    public String imageSection()
    {
        return IMAGE_SECTION;
    }

    @Override
    public void apply(JournalEntry entry, boolean replay)
    {
        switch (entry) {
            case JournalEntry.AllocateIds a -> {
                idLimit = Math.max(idLimit, a.limit());
                if (replay) {
                    // Any id of a batch reserved before the restart may have reached the BE: skip the whole batch.
                    nextId = Math.max(nextId, idLimit);
                }
            }
            case JournalEntry.CreateDatabase c -> {
                Map<String, DbEntry> dbs = new TreeMap<>(state.dbs());
                dbs.put(c.db().name(), new DbEntry(c.db(), Map.of()));
                install(dbs);
                bumpId(c.db().id());
            }
            case JournalEntry.DropDatabase d -> {
                Map<String, DbEntry> dbs = new TreeMap<>(state.dbs());
                dbs.remove(d.name());
                install(dbs);
                views.removeDatabase(d.name());
            }
            case JournalEntry.CreateTable c -> {
                putTable(c.db(), c.table());
                bumpId(c.table().id());
                bumpPartitionIds(c.table().partitions());
            }
            case JournalEntry.DropTable d -> {
                Map<String, DbEntry> dbs = new TreeMap<>(state.dbs());
                DbEntry e = dbs.get(d.db());
                if (e != null) {
                    Map<String, OlapTable> tables = new TreeMap<>(e.tables());
                    tables.remove(d.table());
                    dbs.put(d.db(), new DbEntry(e.db(), Collections.unmodifiableMap(tables)));
                    install(dbs);
                }
            }
            case JournalEntry.AddPartitions a -> {
                TableRef ref = tableById(a.tableId());
                if (ref != null) {
                    List<Partition> parts = new ArrayList<>(ref.table().partitions());
                    parts.addAll(a.partitions());
                    parts.sort((x, y) -> Long.compare(x.lower().getLongValue(), y.lower().getLongValue()));
                    putTable(ref.database().name(), withPartitions(ref.table(), parts));
                    bumpPartitionIds(a.partitions());
                }
            }
            case JournalEntry.AlterTableProperties a -> {
                TableRef ref = tableById(a.tableId());
                if (ref != null) {
                    OlapTable t = ref.table();
                    putTable(ref.database().name(), new OlapTable(t.id(), t.name(), t.columns(), t.keysType(), t.keyColumns(),
                            t.partitionScheme(), t.partitions(), t.distribution(),
                            Collections.unmodifiableMap(new java.util.LinkedHashMap<>(a.properties())), t.comment(), t.createTimeMillis()));
                }
            }
            case JournalEntry.TruncateTable t -> {
                TableRef ref = tableById(t.tableId());
                if (ref != null) {
                    putTable(ref.database().name(), withPartitions(ref.table(), t.partitions()));
                    bumpPartitionIds(t.partitions());
                    stats.remove(t.tableId());   // an empty table: load-collected statistics start afresh
                }
            }
            case JournalEntry.VisibleTxn v -> applyVisible(v);
            case JournalEntry.CreateView c -> {
                views.put(c.view());
                bumpId(c.view().id());
            }
            case JournalEntry.DropView d -> views.remove(d.db(), d.view());
            case JournalEntry.ReplacePartitions r -> applyReplace(r);
            case JournalEntry.PutTableStats p -> stats.put(p.stats());
            case JournalEntry.DropTableStats d -> stats.remove(d.tableId());
            default -> {
                // Transactions and users are other components' business.
            }
        }
    }

    @Override
    public Object image()
    {
        List<DbImage> dbs = new ArrayList<>();
        for (DbEntry e : state.dbs().values()) {
            dbs.add(new DbImage(e.db(), List.copyOf(e.tables().values())));
        }
        return new Image(nextId, idLimit, dbs, views.all(), stats.live(id -> tableById(id) != null));
    }

    @Override
    public void loadImage(JsonNode section, JournalCodec codec) throws IOException
    {
        if (section == null) {
            return;
        }
        Image img = codec.convert(section, Image.class);
        Map<String, DbEntry> dbs = new TreeMap<>();
        for (DbImage d : img.databases()) {
            Map<String, OlapTable> tables = new TreeMap<>();
            for (OlapTable t : d.tables()) {
                tables.put(t.name(), t);
            }
            dbs.put(d.db().name(), new DbEntry(d.db(), Collections.unmodifiableMap(tables)));
        }
        install(dbs);
        views.load(img.views());
        stats.load(img.stats());
        idLimit = img.idLimit();
        // As on replay of AllocateIds: the rest of the batch may have been used after the image was taken.
        nextId = Math.max(img.nextId(), idLimit);
    }

    // ---- internals ----

    private void applyReplace(JournalEntry.ReplacePartitions r)
    {
        TableRef ref = tableById(r.tableId());
        if (ref == null) {
            return;
        }
        List<Partition> parts = new ArrayList<>();
        for (Partition p : ref.table().partitions()) {
            if (!r.oldPartitionIds().contains(p.id())) {
                parts.add(p);
            }
        }
        parts.addAll(r.partitions());
        // Same order as the partitions' ranges (an unpartitioned table has a single one).
        parts.sort((x, y) -> x.lower().getIsNull() ? (y.lower().getIsNull() ? 0 : -1)
                : y.lower().getIsNull() ? 1 : Long.compare(x.lower().getLongValue(), y.lower().getLongValue()));
        putTable(ref.database().name(), withPartitions(ref.table(), parts));
        bumpPartitionIds(r.partitions());
    }

    private void applyVisible(JournalEntry.VisibleTxn v)
    {
        Map<Long, List<JournalEntry.PartitionCommit>> byTable = new HashMap<>();
        for (JournalEntry.PartitionCommit pc : v.partitions()) {
            byTable.computeIfAbsent(pc.tableId(), k -> new ArrayList<>()).add(pc);
        }
        // All tables of the transaction switch in one snapshot replacement.
        Map<String, DbEntry> dbs = new TreeMap<>(state.dbs());
        for (var en : byTable.entrySet()) {
            TableRef ref = tableById(en.getKey());
            if (ref == null) {
                continue;   // dropped meanwhile
            }
            OlapTable t = ref.table();
            List<Partition> parts = new ArrayList<>(t.partitions());
            for (JournalEntry.PartitionCommit pc : en.getValue()) {
                for (int i = 0; i < parts.size(); i++) {
                    Partition p = parts.get(i);
                    if (p.id() == pc.partitionId() && pc.version() > p.visibleVersion()) {
                        parts.set(i, p.withVersion(pc.version(), pc.rows(), pc.bytes(), v.timeMillis()));
                    }
                }
            }
            String dbName = ref.database().name();
            DbEntry e = dbs.get(dbName);
            Map<String, OlapTable> tables = new TreeMap<>(e.tables());
            tables.put(t.name(), withPartitions(t, parts));
            dbs.put(dbName, new DbEntry(e.db(), Collections.unmodifiableMap(tables)));
        }
        install(dbs);
    }

    private void putTable(String dbName, OlapTable table)
    {
        Map<String, DbEntry> dbs = new TreeMap<>(state.dbs());
        DbEntry e = dbs.get(dbName);
        if (e == null) {
            throw new IllegalStateException("journal refers to unknown database " + dbName);
        }
        Map<String, OlapTable> tables = new TreeMap<>(e.tables());
        tables.put(table.name(), table);
        dbs.put(dbName, new DbEntry(e.db(), Collections.unmodifiableMap(tables)));
        install(dbs);
    }

    private void install(Map<String, DbEntry> dbs)
    {
        Map<Long, String> tableDb = new HashMap<>();
        for (DbEntry e : dbs.values()) {
            for (OlapTable t : e.tables().values()) {
                tableDb.put(t.id(), e.db().name());
            }
        }
        state = new State(Collections.unmodifiableMap(dbs), Collections.unmodifiableMap(tableDb));
    }

    private static OlapTable withPartitions(OlapTable t, List<Partition> parts)
    {
        return new OlapTable(t.id(), t.name(), t.columns(), t.keysType(), t.keyColumns(), t.partitionScheme(),
                List.copyOf(parts), t.distribution(), t.properties(), t.comment(), t.createTimeMillis());
    }

    private Partition newPartition(String name, Literal lower, Literal upper, int buckets, long now)
    {
        long id = allocateId();
        List<Tablet> tablets = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            tablets.add(new Tablet(allocateId(), LOCAL_BACKEND_ID));
        }
        return new Partition(id, name, lower, upper, List.copyOf(tablets), 1, 0, 0, now);
    }

    private void createTablets(OlapTable table, List<Partition> partitions)
    {
        List<TableColumnDesc> cols = TypeDescs.columns(table);
        List<CreateTabletRequest> reqs = new ArrayList<>();
        for (Partition p : partitions) {
            for (Tablet t : p.tablets()) {
                reqs.add(CreateTabletRequest.newBuilder().setTabletId(t.id()).setTableId(table.id())
                        .setPartitionId(p.id()).addAllColumns(cols).setKeysType(table.keysType().ordinal())
                        .setEnablePersistentIndex(PrimaryIndexProperty.enabled(table)).build());
            }
        }
        if (!reqs.isEmpty()) {
            backend.createTablets(reqs);
        }
    }

    private void dropTablets(List<Long> tablets)
    {
        if (tablets.isEmpty()) {
            return;
        }
        try {
            backend.dropTablets(tablets);
        }
        catch (RuntimeException e) {
            // The metadata change is durable; orphan tablets only cost disk until the BE's recover() sweeps them.
            LOG.warn("dropping {} tablets on the BE failed: {}", tablets.size(), e.toString());
        }
    }

    private static List<Long> tabletIds(List<Partition> partitions)
    {
        List<Long> ids = new ArrayList<>();
        for (Partition p : partitions) {
            for (Tablet t : p.tablets()) {
                ids.add(t.id());
            }
        }
        return ids;
    }

    private static Partition findCovering(List<Partition> parts, long value)
    {
        for (Partition p : parts) {
            boolean geLower = p.lower().getIsNull() || value >= p.lower().getLongValue();
            boolean ltUpper = p.upper().getIsNull() || value < p.upper().getLongValue();
            if (geLower && ltUpper) {
                return p;
            }
        }
        return null;
    }

    private DbEntry requireDb(String dbName) throws SqlError
    {
        DbEntry e = state.dbs().get(dbName);
        if (e == null) {
            throw new SqlError(ErrorCode.BAD_DB, dbName);
        }
        return e;
    }

    private void bumpId(long used)
    {
        if (used >= nextId) {
            nextId = used + 1;
        }
    }

    private void bumpPartitionIds(List<Partition> parts)
    {
        for (Partition p : parts) {
            bumpId(p.id());
            for (Tablet t : p.tablets()) {
                bumpId(t.id());
            }
        }
    }
}
