package io.starling.fe.planner;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.starling.fe.qe.Session;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.HashJoinNode;
import io.starling.rpc.proto.JoinType;
import io.starling.rpc.proto.OlapScanNode;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.RuntimeFilterDesc;
import io.starling.rpc.proto.RuntimeFilterTarget;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.TypeKindPb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans runtime filters on the physical plan (StarRocks' "runtime filter"; see be/rf for the execution side). For
 * every INNER or LEFT SEMI hash join -- the join types where a probe row whose key is not among the build keys can
 * never reach the output -- and each equi-join key whose probe expression is a column, the column is followed down
 * the probe input to the scan column it comes from: through projections (a plain column), filters, aggregates (a
 * plain group-by column) and other joins (either side of INNER/CROSS, the preserved left side of LEFT
 * OUTER/SEMI/ANTI; never the nullable side of an outer join, whose NULL-extended rows a filter would wrongly drop),
 * but not through LIMIT, sort, union or anything else. The join gets a {@link RuntimeFilterDesc} (filter id, key,
 * build row limit), the scan a {@link RuntimeFilterTarget}. Keys whose two sides do not share a value domain (integer
 * family, DATE, DATETIME, DECIMAL of one scale up to 18 digits, strings) are skipped rather than cast.
 *
 * <p>Works on the plan IR by node id, walking messages reflectively so that plan node kinds added later are kept
 * (they merely stop the tracing). Switched by the session variable {@code enable_global_runtime_filter};
 * {@code runtime_join_filter_push_down_limit} goes into every filter as the build row count above which only
 * min/max is published.
 */
final class RuntimeFilterPlanner
{
    static final String ENABLE_VARIABLE = "enable_global_runtime_filter";
    static final String LIMIT_VARIABLE = "runtime_join_filter_push_down_limit";
    /** StarRocks' default for {@code runtime_join_filter_push_down_limit}. */
    static final long DEFAULT_LIMIT = 1_024_000;

    private final long maxBuildRows;
    private final Map<Integer, List<RuntimeFilterDesc>> joinFilters = new HashMap<>();
    private final Map<Integer, List<RuntimeFilterTarget>> scanTargets = new HashMap<>();
    private int nextFilterId;

    private RuntimeFilterPlanner(long maxBuildRows)
    {
        this.maxBuildRows = maxBuildRows;
    }

    /** The plan with runtime filters annotated, or the plan itself when they are switched off or none applies. */
    static PlanNode plan(PlanNode root, Session session)
    {
        boolean enabled = session == null || session.variables().getBoolean(ENABLE_VARIABLE, true);
        if (!enabled) {
            return root;
        }
        long limit = session == null ? DEFAULT_LIMIT : session.variables().getLong(LIMIT_VARIABLE, DEFAULT_LIMIT);
        RuntimeFilterPlanner p = new RuntimeFilterPlanner(limit);
        p.collect(root);
        if (p.joinFilters.isEmpty()) {
            return root;
        }
        return (PlanNode) p.rewrite(root);
    }

    // ------------------------------------------------------------------------------------------ planning

    /** Visits every plan node (any depth, any node kind) and plans the filters of each eligible join. */
    private void collect(Message m)
    {
        if (m instanceof PlanNode n && n.getNodeCase() == PlanNode.NodeCase.HASH_JOIN) {
            planJoin(n);
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            forEachChild(e.getKey(), e.getValue(), this::collect);
        }
    }

    private static void forEachChild(FieldDescriptor f, Object value, java.util.function.Consumer<Message> visit)
    {
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !mayHoldPlanNodes(f)) {
            return;
        }
        if (f.isRepeated()) {
            for (Object o : (List<?>) value) {
                visit.accept((Message) o);
            }
        }
        else {
            visit.accept((Message) value);
        }
    }

    /** Expressions, types and literals hold no plan nodes: skip them (they are most of a plan's messages). */
    private static boolean mayHoldPlanNodes(FieldDescriptor f)
    {
        String name = f.getMessageType().getName();
        return !(name.equals("Expr") || name.equals("TypeDesc") || name.equals("Literal") || name.equals("ScanColumn")
                || name.equals("TabletScanRange") || name.equals("AggCall") || name.equals("SortKey")
                || name.equals("ValuesRow") || name.startsWith("RuntimeFilter"));
    }

    private void planJoin(PlanNode n)
    {
        HashJoinNode j = n.getHashJoin();
        if (j.getJoinType() != JoinType.JOIN_INNER && j.getJoinType() != JoinType.JOIN_LEFT_SEMI) {
            return;
        }
        for (int k = 0; k < j.getLeftKeysCount() && k < j.getRightKeysCount(); k++) {
            Expr probe = j.getLeftKeys(k);
            Expr build = j.getRightKeys(k);
            if (probe.getNodeCase() != Expr.NodeCase.COLUMN_REF) {
                continue;
            }
            Origin o = trace(j.getLeft(), probe.getColumnRef().getIndex());
            if (o == null || !sameDomain(build.getType(), o.type)) {
                continue;
            }
            int id = nextFilterId++;
            joinFilters.computeIfAbsent(n.getId(), x -> new ArrayList<>()).add(RuntimeFilterDesc.newBuilder()
                    .setFilterId(id).setKeyIndex(k).setMaxBuildRows(maxBuildRows).setTarget(o.text).build());
            scanTargets.computeIfAbsent(o.scanId, x -> new ArrayList<>()).add(RuntimeFilterTarget.newBuilder()
                    .setFilterId(id).setColumn(o.column).setBuildExpr(PlanExplainer.expr(build)).build());
        }
    }

    /** Where output column {@code col} of {@code n} comes from: a scan column, or null. */
    record Origin(int scanId, int column, TypeDesc type, String text)
    {
    }

    static Origin trace(PlanNode n, int col)
    {
        while (true) {
            switch (n.getNodeCase()) {
                case OLAP_SCAN -> {
                    OlapScanNode s = n.getOlapScan();
                    if (col < 0 || col >= s.getColumnsCount()) {
                        return null;
                    }
                    return new Origin(n.getId(), col, s.getColumns(col).getType(),
                            s.getTableName() + "." + s.getColumns(col).getName());
                }
                case FILTER -> n = n.getFilter().getInput();
                case PROJECT -> {
                    if (col >= n.getProject().getExprsCount()) {
                        return null;
                    }
                    Expr e = n.getProject().getExprs(col);
                    if (e.getNodeCase() != Expr.NodeCase.COLUMN_REF) {
                        return null;
                    }
                    col = e.getColumnRef().getIndex();
                    n = n.getProject().getInput();
                }
                case AGGREGATE -> {
                    var a = n.getAggregate();
                    if (col >= a.getGroupByCount() || a.getGroupBy(col).getNodeCase() != Expr.NodeCase.COLUMN_REF) {
                        return null;
                    }
                    col = a.getGroupBy(col).getColumnRef().getIndex();
                    n = a.getInput();
                }
                case HASH_JOIN -> {
                    HashJoinNode j = n.getHashJoin();
                    int leftCount = j.getLeft().getOutputTypesCount();
                    if (leftCount == 0) {
                        return null;
                    }
                    boolean leftPreserved = switch (j.getJoinType()) {
                        case JOIN_INNER, JOIN_CROSS, JOIN_LEFT_OUTER, JOIN_LEFT_SEMI, JOIN_LEFT_ANTI,
                             JOIN_NULL_AWARE_LEFT_ANTI -> true;
                        default -> false;
                    };
                    boolean rightPreserved = j.getJoinType() == JoinType.JOIN_INNER
                            || j.getJoinType() == JoinType.JOIN_CROSS;
                    if (col < leftCount) {
                        if (!leftPreserved) {
                            return null;
                        }
                        n = j.getLeft();
                    }
                    else {
                        if (!rightPreserved) {
                            return null;
                        }
                        col -= leftCount;
                        n = j.getRight();
                    }
                }
                default -> {
                    return null;
                }
            }
        }
    }

    /** Whether build key and probe column values compare in one domain (see the class comment). */
    static boolean sameDomain(TypeDesc a, TypeDesc b)
    {
        TypeKindPb x = a.getKind();
        TypeKindPb y = b.getKind();
        if (integer(x) && integer(y)) {
            return true;
        }
        if (string(x) && string(y)) {
            return true;
        }
        if (x == TypeKindPb.TYPE_DECIMAL && y == TypeKindPb.TYPE_DECIMAL) {
            return a.getScale() == b.getScale() && a.getPrecision() <= 18 && b.getPrecision() <= 18;
        }
        return x == y && (x == TypeKindPb.TYPE_DATE || x == TypeKindPb.TYPE_DATETIME);
    }

    private static boolean integer(TypeKindPb k)
    {
        return k == TypeKindPb.TYPE_TINYINT || k == TypeKindPb.TYPE_SMALLINT || k == TypeKindPb.TYPE_INT
                || k == TypeKindPb.TYPE_BIGINT;
    }

    private static boolean string(TypeKindPb k)
    {
        return k == TypeKindPb.TYPE_CHAR || k == TypeKindPb.TYPE_VARCHAR;
    }

    // ------------------------------------------------------------------------------------------ rewriting

    /** The message with the planned filters added to their joins and scans (children first). */
    private Message rewrite(Message m)
    {
        Message.Builder b = null;
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !mayHoldPlanNodes(f)) {
                continue;
            }
            if (b == null) {
                b = m.toBuilder();
            }
            if (f.isRepeated()) {
                List<?> list = (List<?>) e.getValue();
                for (int i = 0; i < list.size(); i++) {
                    b.setRepeatedField(f, i, rewrite((Message) list.get(i)));
                }
            }
            else {
                b.setField(f, rewrite((Message) e.getValue()));
            }
        }
        Message out = b == null ? m : b.build();
        if (out instanceof PlanNode n) {
            List<RuntimeFilterDesc> builds = joinFilters.get(n.getId());
            if (builds != null && n.hasHashJoin()) {
                n = n.toBuilder().setHashJoin(n.getHashJoin().toBuilder().addAllBuildRuntimeFilters(builds)).build();
            }
            List<RuntimeFilterTarget> probes = scanTargets.get(n.getId());
            if (probes != null && n.hasOlapScan()) {
                n = n.toBuilder().setOlapScan(n.getOlapScan().toBuilder().addAllProbeRuntimeFilters(probes)).build();
            }
            return n;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ EXPLAIN

    /** EXPLAIN lines of a join's filters (StarRocks prints "build runtime filters:" under the join). */
    static void explainBuild(StringBuilder sb, HashJoinNode j, String indent)
    {
        if (j.getBuildRuntimeFiltersCount() == 0) {
            return;
        }
        sb.append(indent).append("  build runtime filters:\n");
        for (RuntimeFilterDesc d : j.getBuildRuntimeFiltersList()) {
            sb.append(indent).append("  - filter_id = ").append(d.getFilterId()).append(", build_expr = (")
                    .append(PlanExplainer.expr(j.getRightKeys(d.getKeyIndex()))).append("), target = ")
                    .append(d.getTarget()).append('\n');
        }
    }

    /** EXPLAIN lines of a scan's filters ("probe runtime filters:"). */
    static void explainProbe(StringBuilder sb, OlapScanNode s, String indent)
    {
        if (s.getProbeRuntimeFiltersCount() == 0) {
            return;
        }
        sb.append(indent).append("  probe runtime filters:\n");
        for (RuntimeFilterTarget t : s.getProbeRuntimeFiltersList()) {
            sb.append(indent).append("  - filter_id = ").append(t.getFilterId()).append(", probe_expr = (")
                    .append(s.getColumns(t.getColumn()).getName()).append("), build_expr = (")
                    .append(t.getBuildExpr()).append(")\n");
        }
    }
}
