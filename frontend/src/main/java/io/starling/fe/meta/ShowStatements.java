package io.starling.fe.meta;

import io.starling.fe.catalog.CatalogReader;
import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.LiteralValues;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.Tablet;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.Session;
import io.starling.fe.txn.TransactionState;
import io.starling.rpc.proto.PartitionKind;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.starling.fe.meta.InformationSchema.row;
import static io.starling.fe.meta.InformationSchema.time;

/**
 * Row producers of the SHOW statements, with MySQL's (or, for StarRocks-only statements, StarRocks') column names.
 * The statement layer resolves names and applies LIKE / WHERE filters on the returned rows; these methods only
 * know the catalog and sessions.
 */
public final class ShowStatements
{
    /** Version string reported by SHOW FRONTENDS/BACKENDS. */
    public static final String VERSION = "3.3.0-starling";

    private ShowStatements()
    {
    }

    /** A result with VARCHAR columns (most SHOW statements) and already computed rows. */
    public static QueryResult.Rows rows(List<String> columns, List<List<Object>> rows)
    {
        return MetaRows.of(MetaRows.varchars(columns.toArray(String[]::new)), rows);
    }

    public static List<List<Object>> databases(CatalogReader catalog)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Database db : catalog.databases()) {
            out.add(row(db.name()));
        }
        return out;
    }

    /** SHOW [FULL] TABLES: Tables_in_db [, Table_type]. */
    public static List<List<Object>> tables(CatalogReader catalog, String db, boolean full)
    {
        List<List<Object>> out = new ArrayList<>();
        if (io.starling.fe.catalog.SystemTables.DATABASE.equalsIgnoreCase(db)) {
            return out;
        }
        for (OlapTable t : catalog.tables(db)) {
            out.add(full ? row(t.name(), "BASE TABLE") : row(t.name()));
        }
        // Views share the table namespace; MySQL and StarRocks list both, sorted by name.
        for (io.starling.fe.catalog.View v : catalog.views(db)) {
            out.add(full ? row(v.name(), "VIEW") : row(v.name()));
        }
        out.sort((a, b) -> String.valueOf(a.get(0)).compareTo(String.valueOf(b.get(0))));
        return out;
    }

    /** DESC t (StarRocks): Field, Type, Null, Key, Default, Extra. */
    public static List<List<Object>> describe(OlapTable t)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Column c : t.columns()) {
            out.add(row(c.name(), c.type().toSql(), c.nullable() ? "YES" : "NO", c.isKey() ? "true" : "false",
                    c.defaultValue(), c.aggregation() == null ? "" : c.aggregation().toUpperCase(java.util.Locale.ROOT)));
        }
        return out;
    }

    public static final List<String> DESCRIBE_COLUMNS = List.of("Field", "Type", "Null", "Key", "Default", "Extra");

    /** SHOW [FULL] COLUMNS: Field, Type, [Collation], Null, Key, Default, Extra, [Privileges, Comment]. */
    public static List<List<Object>> columns(OlapTable t, boolean full)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Column c : t.columns()) {
            boolean text = c.type().physical() == io.starling.storage.types.PhysicalType.VARLEN;
            String key = c.isKey() ? InformationSchema.columnKey(t.keysType()) : "";
            String extra = c.aggregation() == null ? "" : c.aggregation().toUpperCase(java.util.Locale.ROOT);
            if (full) {
                out.add(row(c.name(), c.type().toSql(), text ? "utf8mb4_general_ci" : null, c.nullable() ? "YES" : "NO",
                        key, c.defaultValue(), extra, "select,insert,update,references",
                        c.comment() == null ? "" : c.comment()));
            }
            else {
                out.add(row(c.name(), c.type().toSql(), c.nullable() ? "YES" : "NO", key, c.defaultValue(), extra));
            }
        }
        return out;
    }

    public static List<String> columnsHeader(boolean full)
    {
        return full ? List.of("Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment")
                : List.of("Field", "Type", "Null", "Key", "Default", "Extra");
    }

    public static final List<String> INDEX_COLUMNS = List.of("Table", "Non_unique", "Key_name", "Seq_in_index",
            "Column_name", "Collation", "Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment",
            "Index_comment", "Visible", "Expression");

    /** SHOW INDEX: the key of a PRIMARY/UNIQUE KEY table as MySQL's PRIMARY index; nothing for other models. */
    public static List<List<Object>> index(OlapTable t)
    {
        List<List<Object>> out = new ArrayList<>();
        if (!CreateTableFormatter.uniqueKeys(t.keysType())) {
            bitmapIndexRows(t, out);
            return out;
        }
        long seq = 1;
        for (String k : t.keyColumns()) {
            out.add(row(t.name(), 0L, "PRIMARY", seq++, k, "A", t.rowCount(), null, null, "", "BTREE", "", "", "YES",
                    null));
        }
        bitmapIndexRows(t, out);
        return out;
    }

    /** SHOW INDEX rows of the bitmap indexes (StarRocks prints them with Index_type BITMAP and the comment). */
    private static void bitmapIndexRows(OlapTable t, List<List<Object>> out)
    {
        for (io.starling.fe.catalog.TableIndexes.IndexDef d : io.starling.fe.catalog.TableIndexes.indexes(t.properties())) {
            long seq = 1;
            for (String c : d.columns()) {
                out.add(row(t.name(), 1L, d.name(), seq++, c, null, null, null, null, "", d.type(), d.comment(), "", "YES", null));
            }
        }
    }

    public static List<ResultColumn> indexHeader()
    {
        List<ResultColumn> cols = new ArrayList<>(MetaRows.varchars(INDEX_COLUMNS.toArray(String[]::new)));
        cols.set(1, MetaRows.bigint("Non_unique"));
        cols.set(3, MetaRows.bigint("Seq_in_index"));
        cols.set(6, MetaRows.bigint("Cardinality"));
        return cols;
    }

    public static final List<String> TABLE_STATUS_COLUMNS = List.of("Name", "Engine", "Version", "Row_format",
            "Rows", "Avg_row_length", "Data_length", "Max_data_length", "Index_length", "Data_free", "Auto_increment",
            "Create_time", "Update_time", "Check_time", "Collation", "Checksum", "Create_options", "Comment");

    /** SHOW TABLE STATUS (MySQL columns; Engine is StarRocks' "StarRocks" as its information_schema prints). */
    public static List<List<Object>> tableStatus(CatalogReader catalog, String db)
    {
        List<List<Object>> out = new ArrayList<>();
        for (OlapTable t : catalog.tables(db)) {
            long rows = t.rowCount();
            out.add(row(t.name(), "StarRocks", "10", "Fixed", String.valueOf(rows),
                    String.valueOf(rows == 0 ? 0 : t.dataBytes() / rows), String.valueOf(t.dataBytes()), "0", "0", "0",
                    null, str(time(t.createTimeMillis())), str(time(InformationSchema.lastUpdate(t))), null,
                    "utf8mb4_general_ci", null, "", t.comment() == null ? "" : t.comment()));
        }
        return out;
    }

    public static final List<String> PROCESSLIST_COLUMNS = List.of("Id", "User", "Host", "db", "Command", "Time",
            "State", "Info");

    /** PROCESSLIST rows; Info is cut to 100 characters unless {@code full} (MySQL). */
    public static List<List<Object>> processRows(Collection<Session> sessions, boolean full)
    {
        List<Session> list = new ArrayList<>(sessions);
        list.sort(Comparator.comparingLong(Session::connectionId));
        long now = System.currentTimeMillis();
        List<List<Object>> out = new ArrayList<>();
        for (Session s : list) {
            String info = s.currentSql();
            if (info != null && !full && info.length() > 100) {
                info = info.substring(0, 100);
            }
            out.add(row(s.connectionId(), s.user(), s.remoteHost(), s.currentDb().isEmpty() ? null : s.currentDb(),
                    s.command(), (now - s.commandStartMillis()) / 1000, "Sleep".equals(s.command()) ? "" : "OK", info));
        }
        return out;
    }

    public static List<ResultColumn> processHeader()
    {
        List<ResultColumn> cols = new ArrayList<>(MetaRows.varchars(PROCESSLIST_COLUMNS.toArray(String[]::new)));
        cols.set(0, MetaRows.bigint("Id"));
        cols.set(5, MetaRows.bigint("Time"));
        return cols;
    }

    public static final List<String> PARTITION_COLUMNS = List.of("PartitionId", "PartitionName", "VisibleVersion",
            "VisibleVersionTime", "VisibleVersionHash", "State", "PartitionKey", "Range", "DistributionKey",
            "Buckets", "ReplicationNum", "StorageMedium", "CooldownTime", "LastConsistencyCheckTime", "IsInMemory",
            "IsTempPartition", "DataSize", "RowCount");

    /** SHOW PARTITIONS FROM t (StarRocks columns). */
    public static List<List<Object>> partitions(OlapTable t)
    {
        List<List<Object>> out = new ArrayList<>();
        boolean partitioned = t.partitionScheme().kind() != PartitionKind.PARTITION_NONE;
        DataType type = partitioned ? t.columns().get(t.columnIndex(t.partitionScheme().columnName())).type() : null;
        String dist = t.distribution().random() ? "ALL" : String.join(", ", t.distribution().hashColumns());
        for (Partition p : t.partitions()) {
            String range = partitioned ? "[types: [" + type.toSql() + "]; keys: [" + LiteralValues.format(type, p.lower(), false)
                    + "]; ..types: [" + type.toSql() + "]; keys: [" + LiteralValues.format(type, p.upper(), true) + "]; )" : "";
            out.add(row(String.valueOf(p.id()), p.name(), String.valueOf(p.visibleVersion()),
                    str(time(p.visibleVersionTimeMillis())), "0", "NORMAL",
                    partitioned ? t.partitionScheme().columnName() : "", range, dist,
                    String.valueOf(p.tablets().size()), t.properties().getOrDefault("replication_num", "1"), "HDD",
                    "9999-12-31 23:59:59", null, "false", "false", humanBytes(p.dataBytes()), String.valueOf(p.rowCount())));
        }
        return out;
    }

    public static final List<String> TABLET_COLUMNS = List.of("TabletId", "ReplicaId", "BackendId", "SchemaHash",
            "Version", "VersionHash", "LstSuccessVersion", "LstSuccessVersionHash", "LstFailedVersion",
            "LstFailedVersionHash", "LstFailedTime", "DataSize", "RowCount", "State", "LstConsistencyCheckTime",
            "CheckVersion", "CheckVersionHash", "VersionCount", "PathHash", "MetaUrl", "CompactionStatus",
            "PartitionId", "PartitionName");

    /** SHOW TABLET FROM t: one row per tablet (one replica each). Sizes are the partition's split evenly. */
    public static List<List<Object>> tablets(OlapTable t, List<String> partitionFilter)
    {
        List<List<Object>> out = new ArrayList<>();
        for (Partition p : t.partitions()) {
            if (partitionFilter != null && !partitionFilter.isEmpty() && !partitionFilter.contains(p.name())) {
                continue;
            }
            int n = Math.max(1, p.tablets().size());
            for (Tablet tab : p.tablets()) {
                String v = String.valueOf(p.visibleVersion());
                out.add(row(String.valueOf(tab.id()), String.valueOf(tab.id()), String.valueOf(tab.backendId()), "0",
                        v, "0", v, "0", "-1", "0", null, humanBytes(p.dataBytes() / n), String.valueOf(p.rowCount() / n),
                        "NORMAL", null, "-1", "0", v, "0", "", "", String.valueOf(p.id()), p.name()));
            }
        }
        return out;
    }

    public static final List<String> LOAD_COLUMNS = List.of("JobId", "Label", "State", "Progress", "Type",
            "Priority", "ScanRows", "FilteredRows", "UnselectedRows", "SinkRows", "EtlInfo", "TaskInfo", "ErrorMsg",
            "CreateTime", "EtlStartTime", "EtlFinishTime", "LoadStartTime", "LoadFinishTime", "TrackingSQL",
            "JobDetails", "Warehouse");

    /** SHOW LOAD: one row per transaction (INSERT and Stream Load alike). */
    public static List<List<Object>> loads(List<TransactionState> txns)
    {
        List<List<Object>> out = new ArrayList<>();
        for (TransactionState t : txns) {
            String state = t.status().loadState();
            String progress = "FINISHED".equals(state) ? "100%" : "0%";
            long total = t.loadedRows() + t.filteredRows();
            out.add(row(String.valueOf(t.txnId()), t.label(), state, progress, t.sourceType(), "NORMAL",
                    String.valueOf(total), String.valueOf(t.filteredRows()), "0", String.valueOf(t.loadedRows()), "",
                    "", t.reason() == null ? "" : t.reason(), str(time(t.createTimeMillis())),
                    str(time(t.createTimeMillis())), str(time(t.createTimeMillis())), str(time(t.createTimeMillis())),
                    str(time(t.finishTimeMillis())), "", "{}", "default_warehouse"));
        }
        return out;
    }

    public static final List<String> FRONTEND_COLUMNS = List.of("Name", "IP", "EditLogPort", "HttpPort", "QueryPort",
            "RpcPort", "Role", "ClusterId", "Join", "Alive", "ReplayedJournalId", "LastHeartbeat", "IsHelper",
            "ErrMsg", "StartTime", "Version");

    public static final List<String> BACKEND_COLUMNS = List.of("BackendId", "IP", "HeartbeatPort", "BePort",
            "HttpPort", "BrpcPort", "LastStartTime", "LastHeartbeat", "Alive", "SystemDecommissioned",
            "ClusterDecommissioned", "TabletNum", "DataUsedCapacity", "AvailCapacity", "TotalCapacity", "UsedPct",
            "MaxDiskUsedPct", "ErrMsg", "Version", "Status", "DataTotalCapacity", "DataUsedPct", "CpuCores",
            "NumRunningQueries", "MemUsedPct", "CpuUsedPct");

    /** SHOW VARIABLES rows from a variables snapshot. */
    public static List<List<Object>> variables(Map<String, String> vars)
    {
        List<List<Object>> out = new ArrayList<>();
        vars.forEach((k, v) -> out.add(row(k, v)));
        return out;
    }

    static String str(Object o)
    {
        return o == null ? null : o.toString().replace('T', ' ');
    }

    /** StarRocks prints data sizes like "1.234 KB" / "0B". */
    public static String humanBytes(long bytes)
    {
        if (bytes <= 0) {
            return "0B";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.3f %s", v, units[u]);
    }
}
