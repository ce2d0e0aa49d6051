package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.rpc.proto.PartitionKind;
import io.starling.fe.catalog.Tablet;
import io.starling.fe.meta.ShowStatements;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.service.BackendService;

import java.util.ArrayList;
import java.util.List;

import static io.starling.fe.meta.InformationSchema.row;

/**
 * {@code SHOW PROC '<path>'} (StarRocks' /proc-like tree of cluster metadata) and {@code SHOW TABLET <id>}.
 *
 * <p>Supported paths, with StarRocks' column names:
 * <ul>
 *   <li>{@code /dbs} — one row per database;</li>
 *   <li>{@code /dbs/<db>} — the database's tables;</li>
 *   <li>{@code /dbs/<db>/<table>} — the sub-nodes {@code partitions}, {@code temp_partitions}, {@code index_schema};</li>
 *   <li>{@code /dbs/<db>/<table>/partitions} (and {@code temp_partitions}) — the SHOW PARTITIONS columns;</li>
 *   <li>{@code /dbs/<db>/<table>/index_schema} — the table's one (base) index;</li>
 *   <li>{@code .../partitions/<partition>} — the partition's indexes;</li>
 *   <li>{@code .../partitions/<partition>/<index>} — the index's tablets with the BE's DataSize, RowCount,
 *       VersionCount and compaction score (as SHOW TABLET FROM);</li>
 *   <li>{@code .../partitions/<partition>/<index>/<tablet>} — the tablet's replicas (one: a single BE);</li>
 *   <li>{@code /backends}, {@code /frontends} — the all-in-one node, as SHOW BACKENDS / SHOW FRONTENDS.</li>
 * </ul>
 * Every path element after {@code /dbs} is an id as in StarRocks; a name is accepted too (newer StarRocks versions
 * resolve database names the same way), which keeps scripts independent of allocated ids.
 *
 * <p>Starling tables have a single (base) index and do not allocate a separate id for it: the base index id is the
 * table id and its name the table name (StarRocks also names the base index after the table). Unknown paths fail
 * with StarRocks' error 5001 "Proc path '...' doesn't exist".
 */
final class ProcExecutor
{
    /** StarRocks' ERR_WRONG_PROC_PATH. */
    static final int WRONG_PROC_PATH = 5001;

    static final List<String> DBS_COLUMNS = List.of("DbId", "DbName", "TableNum", "Quota",
            "LastConsistencyCheckTime", "ReplicaQuota");
    static final List<String> TABLES_COLUMNS = List.of("TableId", "TableName", "IndexNum", "PartitionColumnName",
            "PartitionNum", "State", "Type", "LastConsistencyCheckTime", "ReplicaCount", "PartitionType", "StoragePath");
    static final List<String> INDEXES_COLUMNS = List.of("IndexId", "IndexName", "State", "LastConsistencyCheckTime");
    static final List<String> INDEX_SCHEMA_COLUMNS = List.of("IndexId", "IndexName", "SchemaVersion", "SchemaHash",
            "ShortKeyColumnCount", "StorageType", "Keys");
    static final List<String> REPLICA_COLUMNS = List.of("ReplicaId", "BackendId", "Version", "VersionHash",
            "LstSuccessVersion", "LstSuccessVersionHash", "LstFailedVersion", "LstFailedVersionHash", "LstFailedTime",
            "SchemaHash", "DataSize", "RowCount", "State", "IsBad", "IsSetBadForce", "VersionCount", "PathHash",
            "MetaUrl", "CompactionStatus");
    /** The proc tablet list is SHOW TABLET FROM's columns without the trailing PartitionId / PartitionName. */
    static final List<String> PROC_TABLET_COLUMNS = ShowStatements.TABLET_COLUMNS.subList(0,
            ShowStatements.TABLET_COLUMNS.indexOf("PartitionId"));
    static final List<String> TABLET_BY_ID_COLUMNS = List.of("DbName", "TableName", "PartitionName", "IndexName",
            "DbId", "TableId", "PartitionId", "IndexId", "IsSync", "DetailCmd");
    /** StarRocks' unquoted-quota display: no quota set is the maximum long printed as 8388608.000 TB. */
    private static final String NO_QUOTA = "8388608.000 TB";
    /** StarRocks' default replica quota per database (1024^3). */
    private static final String DEFAULT_REPLICA_QUOTA = "1073741824";

    private final Catalog catalog;
    private final BackendService backend;

    ProcExecutor(Catalog catalog, BackendService backend)
    {
        this.catalog = catalog;
        this.backend = backend;
    }

    /** The single FE row of SHOW FRONTENDS and {@code SHOW PROC '/frontends'}. */
    static List<List<Object>> frontendRows()
    {
        return List.of(row("starling_fe_1", "127.0.0.1", "9010", "8030", "9030", "9020", "LEADER", "1", "true",
                "true", "0", null, "true", "", null, ShowStatements.VERSION));
    }

    /** The single BE row of SHOW BACKENDS and {@code SHOW PROC '/backends'}. */
    static List<List<Object>> backendRows(long tabletCount)
    {
        return List.of(row(String.valueOf(Catalog.LOCAL_BACKEND_ID), "127.0.0.1", "9050", "9060", "8040", "8060",
                null, null, "true", "false", "false", String.valueOf(tabletCount), "0B", "0B", "0B",
                "0.00 %", "0.00 %", "", ShowStatements.VERSION, "{}", "0B", "0.00 %",
                String.valueOf(Runtime.getRuntime().availableProcessors()), "0", "0.00 %", "0.0 %"));
    }

    /** SHOW PROC with a path as written (quotes removed). */
    QueryResult show(String path) throws SqlError
    {
        String trimmed = path.trim();
        if (!trimmed.startsWith("/")) {
            throw wrongPath(path);
        }
        List<String> parts = new ArrayList<>();
        for (String s : trimmed.substring(1).split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        if (parts.isEmpty()) {
            List<List<Object>> rows = new ArrayList<>();
            for (String n : List.of("backends", "dbs", "frontends")) {
                rows.add(row(n));
            }
            return ShowStatements.rows(List.of("name"), rows);
        }
        return switch (parts.get(0).toLowerCase(java.util.Locale.ROOT)) {
            case "frontends" -> leaf(parts, path, ShowStatements.FRONTEND_COLUMNS, frontendRows());
            case "backends" -> leaf(parts, path, ShowStatements.BACKEND_COLUMNS, backendRows(tabletCount()));
            case "dbs" -> dbs(parts, path);
            default -> throw wrongPath(path);
        };
    }

    private static QueryResult leaf(List<String> parts, String path, List<String> columns, List<List<Object>> rows)
            throws SqlError
    {
        if (parts.size() != 1) {
            throw wrongPath(path);
        }
        return ShowStatements.rows(columns, rows);
    }

    private QueryResult dbs(List<String> parts, String path) throws SqlError
    {
        if (parts.size() == 1) {
            List<List<Object>> rows = new ArrayList<>();
            for (Database d : catalog.databases()) {
                rows.add(row(String.valueOf(d.id()), d.name(), String.valueOf(catalog.tables(d.name()).size()),
                        NO_QUOTA, null, DEFAULT_REPLICA_QUOTA));
            }
            return ShowStatements.rows(DBS_COLUMNS, rows);
        }
        Database db = null;
        for (Database d : catalog.databases()) {
            if (parts.get(1).equals(String.valueOf(d.id())) || parts.get(1).equals(d.name())) {
                db = d;
                break;
            }
        }
        if (db == null) {
            throw wrongPath(path);
        }
        List<OlapTable> tables = new ArrayList<>(catalog.tables(db.name()));
        tables.sort((a, b) -> Long.compare(a.id(), b.id()));
        if (parts.size() == 2) {
            List<List<Object>> rows = new ArrayList<>();
            for (OlapTable t : tables) {
                boolean partitioned = t.partitionScheme().kind() != PartitionKind.PARTITION_NONE;
                rows.add(row(String.valueOf(t.id()), t.name(), "1",
                        partitioned ? t.partitionScheme().columnName() : "", String.valueOf(t.partitions().size()),
                        "NORMAL", "OLAP", null, String.valueOf(tabletsOf(t)), partitioned ? "RANGE" : "UNPARTITIONED",
                        null));
            }
            return ShowStatements.rows(TABLES_COLUMNS, rows);
        }
        OlapTable table = null;
        for (OlapTable t : tables) {
            if (parts.get(2).equals(String.valueOf(t.id())) || parts.get(2).equals(t.name())) {
                table = t;
                break;
            }
        }
        if (table == null) {
            throw wrongPath(path);
        }
        if (parts.size() == 3) {
            return ShowStatements.rows(List.of("Nodes"),
                    List.of(row("partitions"), row("temp_partitions"), row("index_schema")));
        }
        return switch (parts.get(3)) {
            case "partitions" -> partitions(table, table.partitions(), parts, path);
            case "temp_partitions" -> partitions(table, catalog.tempPartitions(table.id()), parts, path);
            case "index_schema" -> {
                if (parts.size() != 4) {
                    throw wrongPath(path);
                }
                yield ShowStatements.rows(INDEX_SCHEMA_COLUMNS, List.of(row(String.valueOf(table.id()), table.name(),
                        "0", "0", String.valueOf(Math.max(1, table.keyColumns().size())), "COLUMN",
                        table.keysType().name())));
            }
            default -> throw wrongPath(path);
        };
    }

    private QueryResult partitions(OlapTable table, List<Partition> partitions, List<String> parts, String path)
            throws SqlError
    {
        OlapTable view = withPartitions(table, partitions);
        if (parts.size() == 4) {
            return ShowStatements.rows(ShowStatements.PARTITION_COLUMNS, ShowStatements.partitions(view));
        }
        Partition partition = null;
        for (Partition p : partitions) {
            if (parts.get(4).equals(String.valueOf(p.id())) || parts.get(4).equals(p.name())) {
                partition = p;
                break;
            }
        }
        if (partition == null) {
            throw wrongPath(path);
        }
        if (parts.size() == 5) {
            return ShowStatements.rows(INDEXES_COLUMNS, List.of(row(String.valueOf(table.id()), table.name(), "NORMAL",
                    null)));
        }
        if (!parts.get(5).equals(String.valueOf(table.id())) && !parts.get(5).equals(table.name())) {
            throw wrongPath(path);
        }
        List<List<Object>> tablets = CompactionStatements.tablets(view, List.of(partition.name()), backend);
        if (parts.size() == 6) {
            List<List<Object>> rows = new ArrayList<>();
            for (List<Object> r : tablets) {
                rows.add(r.subList(0, PROC_TABLET_COLUMNS.size()));
            }
            return ShowStatements.rows(PROC_TABLET_COLUMNS, rows);
        }
        if (parts.size() == 7) {
            for (List<Object> r : tablets) {
                if (parts.get(6).equals(r.get(0))) {
                    return ShowStatements.rows(REPLICA_COLUMNS, List.of(replica(r)));
                }
            }
        }
        throw wrongPath(path);
    }

    /** A replica row from a SHOW TABLET FROM row: the shared columns by name, the others StarRocks' healthy defaults. */
    private static List<Object> replica(List<Object> tablet)
    {
        List<Object> out = new ArrayList<>();
        for (String c : REPLICA_COLUMNS) {
            int i = ShowStatements.TABLET_COLUMNS.indexOf(c);
            out.add(i >= 0 ? tablet.get(i) : "false");
        }
        return out;
    }

    /** The table with another partition list, so that SHOW PARTITIONS' and SHOW TABLET's builders serve temp ones. */
    private static OlapTable withPartitions(OlapTable t, List<Partition> partitions)
    {
        return new OlapTable(t.id(), t.name(), t.columns(), t.keysType(), t.keyColumns(), t.partitionScheme(),
                partitions, t.distribution(), t.properties(), t.comment(), t.createTimeMillis());
    }

    /**
     * SHOW TABLET &lt;id&gt;: where the tablet lives. An unknown id gives StarRocks' answer, one row with NULL names,
     * ids -1 and IsSync false.
     *
     * @param id the id as written (an integer literal, possibly beyond BIGINT)
     */
    QueryResult tabletById(String id)
    {
        long tabletId;
        try {
            tabletId = Long.parseLong(id);
        }
        catch (NumberFormatException e) {
            tabletId = -1; // beyond BIGINT: no tablet has it
        }
        for (Database d : catalog.databases()) {
            for (OlapTable t : catalog.tables(d.name())) {
                for (Partition p : t.partitions()) {
                    for (Tablet tab : p.tablets()) {
                        if (tab.id() == tabletId) {
                            String cmd = "SHOW PROC '/dbs/" + d.id() + "/" + t.id() + "/partitions/" + p.id() + "/"
                                    + t.id() + "/" + tabletId + "';";
                            return ShowStatements.rows(TABLET_BY_ID_COLUMNS, List.of(row(d.name(), t.name(), p.name(),
                                    t.name(), String.valueOf(d.id()), String.valueOf(t.id()), String.valueOf(p.id()),
                                    String.valueOf(t.id()), "true", cmd)));
                        }
                    }
                }
            }
        }
        return ShowStatements.rows(TABLET_BY_ID_COLUMNS, List.of(row(null, null, null, null, "-1", "-1", "-1", "-1",
                "false", null)));
    }

    private long tabletCount()
    {
        long n = 0;
        for (Database d : catalog.databases()) {
            for (OlapTable t : catalog.tables(d.name())) {
                n += tabletsOf(t);
            }
        }
        return n;
    }

    private static long tabletsOf(OlapTable t)
    {
        long n = 0;
        for (Partition p : t.partitions()) {
            n += p.tablets().size();
        }
        return n;
    }

    private static SqlError wrongPath(String path)
    {
        return new SqlError(WRONG_PROC_PATH, "HY000", "Proc path '" + path + "' doesn't exist");
    }
}
