package io.starling.fe.qe.exec;

import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.meta.ShowStatements;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.CompactionTabletStat;
import io.starling.rpc.service.BackendService;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ALTER TABLE t [BASE | CUMULATIVE] COMPACT [p | PARTITION (p, ...)]} (StarRocks' manual compaction: the BE
 * compacts the partitions' tablets; here synchronously, so a following query sees the result) and the BE-side
 * columns of {@code SHOW TABLET FROM t}: DataSize, RowCount and VersionCount come from the tablet's BE, and
 * CompactionStatus (a URL in StarRocks) shows the compaction score and the rowset and segment counts.
 */
final class CompactionStatements
{
    /** Column indexes in {@link ShowStatements#TABLET_COLUMNS}. */
    private static final int DATA_SIZE = ShowStatements.TABLET_COLUMNS.indexOf("DataSize");
    private static final int ROW_COUNT = ShowStatements.TABLET_COLUMNS.indexOf("RowCount");
    private static final int VERSION_COUNT = ShowStatements.TABLET_COLUMNS.indexOf("VersionCount");
    private static final int COMPACTION_STATUS = ShowStatements.TABLET_COLUMNS.indexOf("CompactionStatus");

    private CompactionStatements()
    {
    }

    /** Whether an ALTER TABLE is a compaction request (then its only clause). */
    static boolean isCompact(StarRocksParser.AlterTableStatementContext a)
    {
        return a.alterClause().stream().anyMatch(c -> c instanceof StarRocksParser.CompactClauseContext);
    }

    static QueryResult compact(StarRocksParser.AlterTableStatementContext a, OlapTable t, BackendService backend) throws SqlError
    {
        if (a.alterClause().size() != 1) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "COMPACT cannot be combined with other ALTER TABLE clauses");
        }
        StarRocksParser.CompactClauseContext c = (StarRocksParser.CompactClauseContext) a.alterClause(0);
        List<String> wanted = new ArrayList<>();
        if (c.partition != null) {
            wanted.add(ParseTrees.identifier(c.partition));
        }
        if (c.partitionNames() != null) {
            for (StarRocksParser.IdentifierContext i : c.partitionNames().identifier()) {
                wanted.add(ParseTrees.identifier(i));
            }
        }
        List<Long> tablets = new ArrayList<>();
        for (String w : wanted) {
            if (t.partitions().stream().noneMatch(p -> p.name().equalsIgnoreCase(w))) {
                throw new SqlError(InsertOverwriteExecutor.UNKNOWN_PARTITION, "HY000", "Unknown partition '" + w + "' in table '"
                        + t.name() + "'");
            }
        }
        for (Partition p : t.partitions()) {
            if (wanted.isEmpty() || wanted.stream().anyMatch(w -> w.equalsIgnoreCase(p.name()))) {
                p.tablets().forEach(tab -> tablets.add(tab.id()));
            }
        }
        String kind = c.CUMULATIVE() != null ? "CUMULATIVE" : "BASE";
        try {
            backend.compact(tablets, kind);
        }
        catch (UnsupportedOperationException e) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, e.getMessage());
        }
        catch (RuntimeException e) {
            throw new SqlError(ErrorCode.INTERNAL, e, "compaction failed: " + e.getMessage());
        }
        return QueryResult.Ok.EMPTY;
    }

    /** SHOW TABLET FROM rows with the BE's view of each tablet (FE estimates when the BE cannot tell). */
    static List<List<Object>> tablets(OlapTable t, List<String> partitions, BackendService backend)
    {
        List<List<Object>> rows = ShowStatements.tablets(t, partitions);
        List<Long> ids = new ArrayList<>();
        for (List<Object> r : rows) {
            ids.add(Long.parseLong((String) r.get(0)));
        }
        Map<Long, CompactionTabletStat> stats = new HashMap<>();
        try {
            for (CompactionTabletStat s : backend.tabletStats(ids)) {
                if (s.getFound()) {
                    stats.put(s.getTabletId(), s);
                }
            }
        }
        catch (UnsupportedOperationException e) {
            return rows;
        }
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            CompactionTabletStat s = stats.get(Long.parseLong((String) r.get(0)));
            List<Object> row = new ArrayList<>(r);
            if (s != null) {
                row.set(DATA_SIZE, ShowStatements.humanBytes(s.getDataSize()));
                row.set(ROW_COUNT, String.valueOf(s.getRowCount()));
                row.set(VERSION_COUNT, String.valueOf(s.getVersionCount()));
                row.set(COMPACTION_STATUS, String.format(Locale.ROOT, "score: %.2f, rowsets: %d, segments: %d",
                        s.getCompactionScore(), s.getRowsetCount(), s.getSegmentCount()));
            }
            out.add(row);
        }
        return out;
    }
}
