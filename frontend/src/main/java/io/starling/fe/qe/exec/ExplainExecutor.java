package io.starling.fe.qe.exec;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.SinkDescs;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.TableRef;
import io.starling.fe.meta.ShowStatements;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.DataSink;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.ResultSink;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.service.FragmentException;
import io.starling.rpc.service.FragmentHandle;
import io.starling.rpc.service.FrontendCallbacks;
import io.starling.storage.batch.ColumnBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static io.starling.fe.meta.InformationSchema.row;

/**
 * EXPLAIN [VERBOSE | COSTS | LOGICAL | ANALYZE] &lt;query&gt; and EXPLAIN ANALYZE INSERT ..., one result column
 * "Explain String" with one row per line.
 * <ul>
 *   <li>EXPLAIN: the physical plan, one operator per line (the planner's explain text).</li>
 *   <li>LOGICAL: only the operator tree (operator kind, scanned table), without expressions.</li>
 *   <li>VERBOSE: the plan, then every operator's output columns with their types.</li>
 *   <li>COSTS: the plan, then per scan the catalog's row count, partitions and tablets read (Starling keeps no
 *       column statistics, so that is the whole cost model it has).</li>
 *   <li>ANALYZE: runs the statement on the BE (the rows are read and discarded), then prints the plan and the
 *       fragment's profile: per operator rows and batches in/out, time and peak memory, and per scan the segments
 *       and pages read and pruned. An INSERT is executed into its transaction, which is then aborted: as in
 *       StarRocks, EXPLAIN ANALYZE INSERT writes nothing (automatic partitions it needed remain, empty).</li>
 * </ul>
 * ANALYZE drives the fragment itself (it needs the {@link FragmentHandle}'s profile, which
 * {@link QueryCoordinator} does not hand out): KILL QUERY reaches it through the session canceller; query_timeout
 * and query_mem_limit go to the BE in the fragment's options.
 */
final class ExplainExecutor
{
    static final List<String> HEADER = List.of("Explain String");

    private final Catalog catalog;
    private final QueryPlanning planning;
    private final InsertOverwriteExecutor overwrites;

    ExplainExecutor(Catalog catalog, QueryPlanning planning, InsertOverwriteExecutor overwrites)
    {
        this.catalog = catalog;
        this.planning = planning;
        this.overwrites = overwrites;
    }

    QueryResult explain(Session session, StarRocksParser.ExplainStatementContext e) throws SqlError
    {
        String level = e.level == null ? "" : e.level.getText().toUpperCase(Locale.ROOT);
        if (e.insertStatement() != null) {
            return insert(session, e.insertStatement(), level);
        }
        if (e.queryStatement() == null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "EXPLAIN is supported for queries and INSERT only");
        }
        QueryPlanning.Planned p = planning.plan(e.queryStatement(), session);
        List<String> lines = new ArrayList<>();
        switch (level) {
            case "LOGICAL" -> logical(p.root(), 0, lines);
            case "VERBOSE" -> {
                lines.addAll(planLines(p.explain()));
                lines.add("");
                lines.add("Output columns:");
                outputs(p.root(), lines);
            }
            case "COSTS" -> {
                lines.addAll(planLines(p.explain()));
                lines.add("");
                lines.add("Estimates:");
                costs(p.root(), lines);
            }
            case "ANALYZE" -> {
                lines.addAll(planLines(p.explain()));
                analyzeQuery(session, p.root(), lines);
            }
            default -> lines.addAll(planLines(p.explain()));
        }
        return result(lines);
    }

    // ---- EXPLAIN [ANALYZE] INSERT ----

    private QueryResult insert(Session session, StarRocksParser.InsertStatementContext ins, String level)
            throws SqlError
    {
        InsertOverwriteExecutor.Target target = overwrites.target(session, ins);
        PlanNode source = planning.planInsertSource(ins, target.table(), session);
        List<String> lines = new ArrayList<>();
        lines.add((ins.OVERWRITE() != null ? "OVERWRITE " : "") + "OlapTableSink table=" + target.table().name()
                + (ins.OVERWRITE() != null ? " partitions=" + target.replaced().size() : ""));
        for (String l : planLines(new io.starling.fe.planner.PlannedQuery(source, List.of()).explain())) {
            lines.add("  " + l);
        }
        if (!level.equals("ANALYZE")) {
            return result(lines);
        }
        // Load into a transaction that is aborted afterwards: the profile is real, the table unchanged.
        String label = "explain_analyze_" + UUID.randomUUID().toString().replace("-", "");
        var txns = overwrites.transactions();
        long txnId = txns.begin(target.db(), label, List.of(target.table().id()), "INSERT");
        try {
            PlanFragment f = PlanFragment.newBuilder().setQueryId(label).setFragmentId(0).setRoot(source)
                    .setSink(DataSink.newBuilder().setOlapTable(
                            InsertExecutor.sink(target.db(), target.table(), txnId, session)))
                    .setOptions(QueryCoordinator.options(session)).build();
            FragmentHandle h = start(session, f, SinkDescs.automaticPartitions(catalog));
            try {
                var r = h.sinkResult();
                lines.add("");
                lines.add("Rows loaded (then rolled back): " + r.getLoadedRows() + ", filtered: " + r.getFilteredRows());
                profile(h, lines);
            }
            catch (FragmentException ex) {
                throw translate(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
            }
            finally {
                finish(session, h);
            }
        }
        finally {
            txns.abort(txnId, "EXPLAIN ANALYZE does not keep the rows it loads");
        }
        return result(lines);
    }

    // ---- EXPLAIN ANALYZE query ----

    private void analyzeQuery(Session session, PlanNode root, List<String> lines) throws SqlError
    {
        String queryId = UUID.randomUUID().toString();
        PlanFragment f = PlanFragment.newBuilder().setQueryId(queryId).setFragmentId(0).setRoot(root)
                .setSink(DataSink.newBuilder().setResult(ResultSink.getDefaultInstance()))
                .setOptions(QueryCoordinator.options(session)).build();
        FragmentHandle h = start(session, f, FrontendCallbacks.NONE);
        long rows = 0;
        try {
            ColumnBatch b;
            while ((b = h.next()) != null) {
                try {
                    rows += b.size();
                }
                finally {
                    b.close();
                }
            }
            lines.add("");
            lines.add("Rows returned (discarded): " + rows);
            profile(h, lines);
        }
        catch (FragmentException ex) {
            throw translate(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
        }
        finally {
            finish(session, h);
        }
    }

    private FragmentHandle start(Session session, PlanFragment f, FrontendCallbacks callbacks) throws SqlError
    {
        if (session.isKilled() || session.isCancelRequested()) {
            throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
        }
        FragmentHandle h;
        try {
            h = catalog.backend().execute(f, callbacks);
        }
        catch (RuntimeException e) {
            throw new SqlError(ErrorCode.INTERNAL, e, "Failed to start the query: " + e.getMessage());
        }
        session.setRunningCanceller(() -> h.cancel("Query execution was interrupted"));
        return h;
    }

    private static void finish(Session session, FragmentHandle h)
    {
        session.setRunningCanceller(null);
        h.close();
    }

    private static void profile(FragmentHandle h, List<String> lines)
    {
        lines.add("");
        lines.add("Profile:");
        for (String l : h.profile().split("\n")) {
            if (!l.isEmpty()) {
                lines.add("  " + l);
            }
        }
    }

    private static SqlError translate(FragmentException e)
    {
        return switch (e.kind()) {
            case CANCELLED -> new SqlError(ErrorCode.QUERY_INTERRUPTED, e);
            case MEM_LIMIT -> new SqlError(ErrorCode.MEM_LIMIT_EXCEEDED, e, e.getMessage());
            default -> new SqlError(ErrorCode.INTERNAL, e, e.getMessage());
        };
    }

    // ---- plan renderings ----

    private static List<String> planLines(String text)
    {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The inputs of a plan node, found through the protobuf descriptors (every PlanNode-typed field of the node's
     * payload, in field order), so operators added by others render without changes here.
     */
    static List<PlanNode> children(PlanNode n)
    {
        List<PlanNode> out = new ArrayList<>();
        Message payload = payload(n);
        if (payload == null) {
            return out;
        }
        for (Descriptors.FieldDescriptor fd : payload.getDescriptorForType().getFields()) {
            if (fd.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE
                    || !fd.getMessageType().getFullName().equals(PlanNode.getDescriptor().getFullName())) {
                continue;
            }
            if (fd.isRepeated()) {
                for (int i = 0; i < payload.getRepeatedFieldCount(fd); i++) {
                    out.add((PlanNode) payload.getRepeatedField(fd, i));
                }
            }
            else if (payload.hasField(fd)) {
                out.add((PlanNode) payload.getField(fd));
            }
        }
        return out;
    }

    private static Message payload(PlanNode n)
    {
        for (Descriptors.OneofDescriptor o : PlanNode.getDescriptor().getOneofs()) {
            Descriptors.FieldDescriptor set = n.getOneofFieldDescriptor(o);
            if (set != null && set.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                return (Message) n.getField(set);
            }
        }
        return null;
    }

    /** {@code OLAP_SCAN} -> {@code OlapScan}. */
    static String operatorName(PlanNode n)
    {
        StringBuilder sb = new StringBuilder();
        for (String part : n.getNodeCase().name().split("_")) {
            sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static void logical(PlanNode n, int depth, List<String> lines)
    {
        StringBuilder sb = new StringBuilder("  ".repeat(depth)).append("- ").append(logicalName(n));
        if (n.hasOlapScan()) {
            sb.append(" [").append(n.getOlapScan().getTableName()).append(']');
        }
        lines.add(sb.toString());
        for (PlanNode c : children(n)) {
            logical(c, depth + 1, lines);
        }
    }

    private static String logicalName(PlanNode n)
    {
        return switch (n.getNodeCase()) {
            case OLAP_SCAN -> "SCAN";
            case VALUES -> "VALUES";
            case FILTER -> "FILTER";
            case PROJECT -> "PROJECT";
            case AGGREGATE -> "AGGREGATE";
            case HASH_JOIN -> n.getHashJoin().getJoinType().name().replace("JOIN_", "").replace('_', ' ') + " JOIN";
            case SORT -> n.getSort().getLimit() >= 0 ? "TOP-N" : "SORT";
            case LIMIT -> "LIMIT";
            case UNION -> "UNION ALL";
            default -> operatorName(n).toUpperCase(Locale.ROOT);
        };
    }

    private static void outputs(PlanNode n, List<String> lines)
    {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < n.getOutputTypesCount(); i++) {
            String name = i < n.getOutputNamesCount() ? n.getOutputNames(i) : "$" + i;
            cols.add(name + " " + type(n.getOutputTypes(i)));
        }
        lines.add("  " + n.getId() + ":" + operatorName(n) + " -> [" + String.join(", ", cols) + "]");
        for (PlanNode c : children(n)) {
            outputs(c, lines);
        }
    }

    private static String type(TypeDesc t)
    {
        try {
            return io.starling.rpc.types.PlanTypes.toDataType(t).toSql();
        }
        catch (RuntimeException e) {
            return t.getKind().name().toLowerCase(Locale.ROOT);
        }
    }

    private void costs(PlanNode n, List<String> lines)
    {
        if (n.hasOlapScan()) {
            var s = n.getOlapScan();
            TableRef ref = catalog.tableById(s.getTableId());
            StringBuilder sb = new StringBuilder("  ").append(n.getId()).append(":OlapScan ").append(s.getTableName());
            if (ref != null) {
                OlapTable t = ref.table();
                long parts = s.getTabletsList().stream().map(r -> r.getPartitionId()).distinct().count();
                sb.append(": table rows=").append(t.rowCount()).append(", partitions=").append(parts).append('/')
                        .append(t.partitions().size()).append(", tablets=").append(s.getTabletsCount())
                        .append(", predicates=").append(s.getConjunctsCount());
            }
            lines.add(sb.toString());
        }
        for (PlanNode c : children(n)) {
            costs(c, lines);
        }
    }

    private static QueryResult result(List<String> lines)
    {
        List<List<Object>> rows = new ArrayList<>();
        for (String l : lines) {
            rows.add(row(l));
        }
        return ShowStatements.rows(HEADER, rows);
    }
}
