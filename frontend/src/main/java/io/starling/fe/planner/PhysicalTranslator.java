package io.starling.fe.planner;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.Partition;
import io.starling.fe.catalog.Tablet;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.AggCall;
import io.starling.rpc.proto.AggMode;
import io.starling.rpc.proto.AggregateNode;
import io.starling.rpc.proto.Expr;
import io.starling.rpc.proto.FilterNode;
import io.starling.rpc.proto.HashJoinNode;
import io.starling.rpc.proto.JoinType;
import io.starling.rpc.proto.LimitNode;
import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.OlapScanNode;
import io.starling.rpc.proto.PlanNode;
import io.starling.rpc.proto.ProjectNode;
import io.starling.rpc.proto.ScanColumn;
import io.starling.rpc.proto.SortKey;
import io.starling.rpc.proto.SortNode;
import io.starling.rpc.proto.TabletScanRange;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.UnionNode;
import io.starling.rpc.proto.ValuesNode;
import io.starling.rpc.proto.ValuesRow;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Physical translation of the optimized logical plan into plan IR nodes. A table scan with the filter and projection
 * directly above it becomes one OlapScanNode reading only the used columns, with the filter's conjuncts pushed into
 * it (the BE also prunes with them on zonemaps); range partitions that a simple conjunct on the partition column
 * excludes are skipped. Aggregates run in single mode (one fragment); joins become hash joins with the left input
 * probing.
 */
final class PhysicalTranslator
{
    private final RexBuilder rexBuilder;
    private int nextId;

    PhysicalTranslator(RexBuilder rexBuilder)
    {
        this.rexBuilder = rexBuilder;
    }

    PlanNode translate(RelNode rel) throws SqlError
    {
        if (rel instanceof org.apache.calcite.plan.hep.HepRelVertex v) {
            return translate(v.getCurrentRel());
        }
        if (rel instanceof TableScan scan) {
            return scan(scan, null, null);
        }
        if (rel instanceof Filter f) {
            if (strip(f.getInput()) instanceof TableScan scan) {
                return scan(scan, f.getCondition(), null);
            }
            PlanNode input = translate(f.getInput());
            return node(rel).setFilter(FilterNode.newBuilder().setInput(input)
                    .setPredicate(rex(f.getCondition(), f.getInput()))).build();
        }
        if (rel instanceof Project p) {
            RelNode in = strip(p.getInput());
            if (in instanceof TableScan scan) {
                return scan(scan, null, p);
            }
            if (in instanceof Filter f && strip(f.getInput()) instanceof TableScan scan) {
                return scan(scan, f.getCondition(), p);
            }
            PlanNode input = translate(p.getInput());
            if (RexUtil.isIdentity(p.getProjects(), p.getInput().getRowType())) {
                return input;
            }
            return project(rel, input, p.getProjects(), p.getInput());
        }
        if (rel instanceof Aggregate a) {
            return aggregate(a);
        }
        if (rel instanceof Join j) {
            return join(j);
        }
        if (rel instanceof Sort s) {
            return sort(s);
        }
        if (rel instanceof Values v) {
            return values(v);
        }
        if (rel instanceof Union u) {
            UnionNode.Builder b = UnionNode.newBuilder();
            for (RelNode in : u.getInputs()) {
                b.addInputs(translate(in));
            }
            PlanNode union = node(rel).setUnion(b).build();
            if (u.all) {
                return union;
            }
            AggregateNode.Builder agg = AggregateNode.newBuilder().setInput(union).setMode(AggMode.AGG_SINGLE);
            for (int i = 0; i < rel.getRowType().getFieldCount(); i++) {
                agg.addGroupBy(ref(i, rel.getRowType().getFieldList().get(i)));
            }
            return node(rel).setAggregate(agg).build();
        }
        if (rel instanceof org.apache.calcite.rel.core.Correlate) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "This correlated subquery is not supported");
        }
        if (rel instanceof org.apache.calcite.rel.core.Window w) {
            return new WindowTranslator(this).translate(w);
        }
        throw new SqlError(ErrorCode.NOT_SUPPORTED, "Plan operator " + rel.getRelTypeName() + " is not supported");
    }

    private static RelNode strip(RelNode r)
    {
        return r instanceof org.apache.calcite.plan.hep.HepRelVertex v ? v.getCurrentRel() : r;
    }

    /** A fresh plan node id (for nodes built outside this class, e.g. by {@link WindowTranslator}). */
    int newNodeId()
    {
        return nextId++;
    }

    private PlanNode.Builder node(RelNode rel) throws SqlError
    {
        PlanNode.Builder b = PlanNode.newBuilder().setId(nextId++);
        for (RelDataTypeField f : rel.getRowType().getFieldList()) {
            b.addOutputTypes(TypeMapping.toDesc(f.getType()));
            b.addOutputNames(f.getName());
        }
        return b;
    }

    private Expr rex(RexNode n, RelNode input) throws SqlError
    {
        return new RexTranslator(rexBuilder, input.getRowType().getFieldNames()).translate(n);
    }

    private static Expr ref(int index, RelDataTypeField f) throws SqlError
    {
        return Expr.newBuilder().setType(TypeMapping.toDesc(f.getType()))
                .setColumnRef(io.starling.rpc.proto.ColumnRef.newBuilder().setIndex(index).setName(f.getName()))
                .build();
    }

    private PlanNode project(RelNode rel, PlanNode input, List<RexNode> exprs, RelNode inputRel) throws SqlError
    {
        ProjectNode.Builder b = ProjectNode.newBuilder().setInput(input);
        for (RexNode e : exprs) {
            b.addExprs(rex(e, inputRel));
        }
        return node(rel).setProject(b).build();
    }

    // ------------------------------------------------------------------------------------------ scan

    private PlanNode scan(TableScan scan, RexNode condition, Project project) throws SqlError
    {
        CatalogTable table = scan.getTable().unwrap(CatalogTable.class);
        if (table == null) {
            throw new SqlError(ErrorCode.INTERNAL, "Unknown table in plan: " + scan.getTable().getQualifiedName());
        }
        if (table.olap() == null) {
            return systemScan(scan, table, condition, project);
        }
        // Columns the filter and projection use; a bare scan reads all of them.
        TreeSet<Integer> used = new TreeSet<>();
        if (project == null) {
            for (int i = 0; i < table.columns().size(); i++) {
                used.add(i);
            }
        }
        else {
            for (RexNode e : project.getProjects()) {
                used.addAll(ImmutableBitSet.of(org.apache.calcite.plan.RelOptUtil.InputFinder.bits(e)).asList());
            }
        }
        if (condition != null) {
            used.addAll(org.apache.calcite.plan.RelOptUtil.InputFinder.bits(condition).asList());
        }
        if (used.isEmpty()) {
            // COUNT(*) and friends still need rows: read the narrowest column.
            used.add(narrowestColumn(table.columns()));
        }
        List<Integer> cols = new ArrayList<>(used);
        int[] remap = new int[table.columns().size()];
        for (int i = 0; i < cols.size(); i++) {
            remap[cols.get(i)] = i;
        }
        RexShuttle shuttle = new RexShuttle()
        {
            @Override
            public RexNode visitInputRef(RexInputRef ref)
            {
                return new RexInputRef(remap[ref.getIndex()], ref.getType());
            }
        };
        List<String> scanNames = new ArrayList<>();
        OlapScanNode.Builder sb = OlapScanNode.newBuilder().setTableId(table.olap().id())
                .setTableName(table.database() + "." + table.name())
                .setIndexSpec(io.starling.fe.catalog.TableIndexes.spec(table.olap()));
        PlanNode.Builder nb = PlanNode.newBuilder().setId(nextId++);
        for (int c : cols) {
            Column col = table.columns().get(c);
            TypeDesc t = TypeMapping.toDesc(col.type());
            sb.addColumns(io.starling.rpc.proto.ScanColumn.newBuilder().setName(col.name()).setTableColumnIndex(c)
                    .setType(t));
            nb.addOutputTypes(t).addOutputNames(col.name());
            scanNames.add(col.name());
        }
        List<RexNode> conjuncts = condition == null ? List.of()
                : org.apache.calcite.plan.RelOptUtil.conjunctions(condition.accept(shuttle));
        RexTranslator rt = new RexTranslator(rexBuilder, scanNames);
        for (RexNode c : conjuncts) {
            sb.addConjuncts(rt.translate(CastUnwrapper.unwrap(rexBuilder, c)));
        }
        List<RexNode> original = condition == null ? List.of()
                : org.apache.calcite.plan.RelOptUtil.conjunctions(RexUtil.expandSearch(rexBuilder, null, condition));
        for (Partition p : table.olap().partitions()) {
            if (!partitionMayMatch(table.olap(), p, original)) {
                continue;
            }
            for (Tablet t : p.tablets()) {
                sb.addTablets(TabletScanRange.newBuilder().setTabletId(t.id()).setVersion(p.visibleVersion())
                        .setPartitionId(p.id()));
            }
        }
        PlanNode scanNode = nb.setOlapScan(sb).build();
        if (project == null) {
            return scanNode;
        }
        List<RexNode> exprs = new ArrayList<>();
        boolean identity = project.getProjects().size() == cols.size();
        for (int i = 0; i < project.getProjects().size(); i++) {
            RexNode e = project.getProjects().get(i).accept(shuttle);
            identity &= e instanceof RexInputRef r && r.getIndex() == i;
            exprs.add(e);
        }
        if (identity) {
            return scanNode.toBuilder().clearOutputNames()
                    .addAllOutputNames(project.getRowType().getFieldNames()).build();
        }
        ProjectNode.Builder pb = ProjectNode.newBuilder().setInput(scanNode);
        for (RexNode e : exprs) {
            pb.addExprs(rt.translate(e));
        }
        return node(project).setProject(pb).build();
    }

    private static int narrowestColumn(List<Column> columns)
    {
        int best = 0;
        int bestWidth = Integer.MAX_VALUE;
        for (int i = 0; i < columns.size(); i++) {
            DataType t = columns.get(i).type();
            int w = switch (t.physical()) {
                case BYTE -> 1;
                case SHORT -> 2;
                case INT, FLOAT -> 4;
                case LONG, DOUBLE -> 8;
                case INT128 -> 16;
                default -> 32;
            };
            if (w < bestWidth) {
                best = i;
                bestWidth = w;
            }
        }
        return best;
    }

    /**
     * False only if a conjunct {@code col op literal} on the range partition column proves the partition [lower,
     * upper) holds no matching row. Anything not understood keeps the partition.
     */
    private static boolean partitionMayMatch(OlapTable table, Partition p, List<RexNode> conjuncts)
    {
        if (table.partitionScheme() == null || table.partitionScheme().columnName() == null
                || table.partitionScheme().kind() != io.starling.rpc.proto.PartitionKind.PARTITION_RANGE) {
            return true;
        }
        int col = table.columnIndex(table.partitionScheme().columnName());
        if (col < 0) {
            return true;
        }
        Long lower = bound(p.lower());
        Long upper = bound(p.upper());
        for (RexNode c : conjuncts) {
            if (!(c instanceof org.apache.calcite.rex.RexCall call) || call.getOperands().size() != 2) {
                continue;
            }
            RexNode a = call.getOperands().get(0);
            RexNode b = call.getOperands().get(1);
            if (!(a instanceof RexInputRef ref) || ref.getIndex() != col || !(b instanceof RexLiteral lit)) {
                continue;
            }
            Long v = literalKey(lit);
            if (v == null) {
                continue;
            }
            boolean excluded = switch (call.getKind()) {
                case EQUALS -> (lower != null && v < lower) || (upper != null && v >= upper);
                case LESS_THAN -> lower != null && v <= lower;
                case LESS_THAN_OR_EQUAL -> lower != null && v < lower;
                case GREATER_THAN, GREATER_THAN_OR_EQUAL -> upper != null && v >= upper;
                default -> false;
            };
            if (excluded) {
                return false;
            }
        }
        return true;
    }

    private static Long bound(Literal l)
    {
        if (l == null || l.getIsNull() || l.getValueCase() != Literal.ValueCase.LONG_VALUE) {
            return null;
        }
        return l.getLongValue();
    }

    /** The literal in the partition column's long domain (days, micros, integer), or null. */
    private static Long literalKey(RexLiteral lit)
    {
        if (lit.isNull() || lit.getValue() instanceof org.apache.calcite.util.Sarg) {
            return null;
        }
        return switch (lit.getType().getSqlTypeName()) {
            case DATE -> (long) lit.getValueAs(org.apache.calcite.util.DateString.class).getDaysSinceEpoch();
            case TIMESTAMP -> lit.getValueAs(org.apache.calcite.util.TimestampString.class).getMillisSinceEpoch() * 1000;
            case TINYINT, SMALLINT, INTEGER, BIGINT -> lit.getValueAs(BigDecimal.class).longValue();
            default -> null;
        };
    }

    private PlanNode systemScan(TableScan scan, CatalogTable table, RexNode condition, Project project)
            throws SqlError
    {
        ValuesNode.Builder vb = ValuesNode.newBuilder();
        for (List<Object> row : table.systemRows()) {
            ValuesRow.Builder rb = ValuesRow.newBuilder();
            for (int i = 0; i < table.columns().size(); i++) {
                rb.addValues(constant(i < row.size() ? row.get(i) : null, table.columns().get(i).type()));
            }
            vb.addRows(rb);
        }
        PlanNode values = node(scan).setValues(vb).build();
        PlanNode result = values;
        if (condition != null) {
            result = node(scan).setFilter(FilterNode.newBuilder().setInput(result).setPredicate(rex(condition, scan)))
                    .build();
        }
        if (project != null) {
            result = project(project, result, project.getProjects(), scan);
        }
        return result;
    }

    /** A system-table value as a literal of the column type. */
    static Expr constant(Object v, DataType type)
    {
        Literal.Builder b = Literal.newBuilder();
        if (v == null) {
            b.setIsNull(true);
        }
        else if (type.kind().isString()) {
            b.setBytesValue(com.google.protobuf.ByteString.copyFromUtf8(v.toString()));
        }
        else if (type.kind() == TypeKind.DATETIME && v instanceof LocalDateTime t) {
            b.setLongValue(t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000);
        }
        else if (type.kind() == TypeKind.DATE && v instanceof LocalDate d) {
            b.setLongValue(d.toEpochDay());
        }
        else if (type.kind() == TypeKind.BOOLEAN) {
            b.setBoolValue(v instanceof Boolean bool ? bool : ((Number) v).longValue() != 0);
        }
        else if (type.kind() == TypeKind.FLOAT || type.kind() == TypeKind.DOUBLE) {
            b.setDoubleValue(((Number) v).doubleValue());
        }
        else if (type.kind() == TypeKind.DECIMAL && type.precision() <= DataType.MAX_DECIMAL64_PRECISION) {
            b.setLongValue(new BigDecimal(v.toString()).setScale(type.scale()).unscaledValue().longValueExact());
        }
        else if (v instanceof Number n) {
            b.setLongValue(n.longValue());
        }
        else {
            b.setIsNull(true);
        }
        return Expr.newBuilder().setType(TypeMapping.toDesc(type)).setLiteral(b).build();
    }

    // ------------------------------------------------------------------------------------------ other operators

    private PlanNode aggregate(Aggregate a) throws SqlError
    {
        List<RelDataTypeField> inFields = a.getInput().getRowType().getFieldList();
        // input column -> its position in what the aggregate actually reads (identity unless the scan was narrowed)
        int[] at = new int[inFields.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = i;
        }
        PlanNode input = aggregateInput(a, at);
        // ROLLUP/CUBE/GROUPING SETS: a repeat node below, grouping id as an extra (hidden) key
        GroupingSetsTranslator.Repeat repeat = a.getGroupType() == Aggregate.Group.SIMPLE ? null
                : GroupingSetsTranslator.repeat(a, input, at, nextId++);
        AggregateNode.Builder b = AggregateNode.newBuilder().setInput(repeat == null ? input : repeat.node())
                .setMode(AggMode.AGG_SINGLE);
        for (int g : a.getGroupSet()) {
            b.addGroupBy(ref(at[g], inFields.get(g)));
        }
        int hiddenKeys = 0;
        if (repeat != null) {
            b.addGroupBy(repeat.groupingId());
            hiddenKeys = 1;
        }
        // LITERAL_AGG (a constant marker from decorrelation) is not computed by the BE: it is projected on top.
        // $SUM0 (from COUNT decorrelation) is SUM that yields 0 instead of NULL on no input: coalesced on top.
        boolean needsFix = repeat != null;
        int groups = a.getGroupCount();
        List<Integer> aggOutput = new ArrayList<>();
        for (AggregateCall call : a.getAggCallList()) {
            org.apache.calcite.sql.SqlKind kind = call.getAggregation().getKind();
            if (repeat != null && GroupingSetsTranslator.isGrouping(call)) {
                // GROUPING()/GROUPING_ID(): constant per grouping set, read from the repeat's column
                aggOutput.add(groups + hiddenKeys + b.getAggsCount());
                b.addAggs(AggCall.newBuilder().setFunction("max").addArgs(repeat.grouping(call))
                        .setResultType(TypeMapping.toDesc(call.getType())));
                continue;
            }
            if (kind == org.apache.calcite.sql.SqlKind.LITERAL_AGG) {
                needsFix = true;
                aggOutput.add(-1);
                continue;
            }
            String fn = StarRocksAggFunctions.backendName(call.getAggregation());
            if (kind == org.apache.calcite.sql.SqlKind.SINGLE_VALUE) {
                // a scalar subquery without an aggregate: its only row's value, NULL on none, error on several
                fn = "single_value";
            }
            if (fn == null) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "Aggregate function "
                        + call.getAggregation().getName() + " is not supported");
            }
            needsFix |= kind == org.apache.calcite.sql.SqlKind.SUM0;
            AggCall.Builder cb = AggCall.newBuilder().setFunction(fn).setDistinct(call.isDistinct())
                    .setResultType(TypeMapping.toDesc(call.getType()));
            for (int arg : call.getArgList()) {
                cb.addArgs(ref(at[arg], inFields.get(arg)));
            }
            if (call.filterArg >= 0) {
                // FILTER (WHERE ...), e.g. from Calcite's EXCEPT/INTERSECT rewrite: a boolean input column
                cb.setFilter(ref(at[call.filterArg], inFields.get(call.filterArg)));
            }
            aggOutput.add(groups + hiddenKeys + b.getAggsCount());
            b.addAggs(cb);
        }
        PlanNode.Builder nb = node(a);
        if (!needsFix) {
            return nb.setAggregate(b).build();
        }
        List<RelDataTypeField> outFields = a.getRowType().getFieldList();
        nb.clearOutputTypes().clearOutputNames();
        for (int i = 0; i < groups; i++) {
            nb.addOutputTypes(TypeMapping.toDesc(outFields.get(i).getType())).addOutputNames(outFields.get(i).getName());
        }
        if (repeat != null) {
            nb.addOutputTypes(repeat.groupingId().getType()).addOutputNames("GROUPING_ID");
        }
        for (int i = 0; i < a.getAggCallList().size(); i++) {
            if (aggOutput.get(i) >= 0) {
                nb.addOutputTypes(TypeMapping.toDesc(outFields.get(groups + i).getType()))
                        .addOutputNames(outFields.get(groups + i).getName());
            }
        }
        PlanNode agg = nb.setAggregate(b).build();
        ProjectNode.Builder pb = ProjectNode.newBuilder().setInput(agg);
        RexTranslator rt = new RexTranslator(rexBuilder, List.of());
        for (int i = 0; i < outFields.size(); i++) {
            if (i < groups) {
                pb.addExprs(ref(i, outFields.get(i)));
                continue;
            }
            AggregateCall call = a.getAggCallList().get(i - groups);
            if (aggOutput.get(i - groups) < 0) {
                pb.addExprs(rt.translate(call.rexList.get(0)));
                continue;
            }
            Expr r = ref(aggOutput.get(i - groups), outFields.get(i));
            if (call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.SUM0) {
                Expr zero = Expr.newBuilder().setType(r.getType()).setLiteral(zeroLiteral(r.getType())).build();
                r = RexTranslator.make("coalesce", r.getType(), r, zero);
            }
            pb.addExprs(r);
        }
        return node(a).setProject(pb).build();
    }

    /**
     * The aggregate's input plan. An aggregate straight over a (filtered) table scan -- what the Hep rules leave after
     * merging the trimming projection into the aggregate, e.g. the DISTINCT key of a decorrelated EXISTS -- would
     * otherwise read every column of the table (all 16 of lineitem for one key); here the scan reads only the grouped
     * and aggregated columns (plus the filter's), and {@code at} is rewritten to map each input column to its
     * position in that narrower row.
     */
    private PlanNode aggregateInput(Aggregate a, int[] at) throws SqlError
    {
        RelNode in = strip(a.getInput());
        RelNode scanRel = in instanceof Filter f ? strip(f.getInput()) : in;
        if (!(scanRel instanceof TableScan scan)) {
            return translate(a.getInput());
        }
        CatalogTable table = scan.getTable().unwrap(CatalogTable.class);
        if (table == null || table.olap() == null) {
            return translate(a.getInput());
        }
        ImmutableBitSet.Builder usedB = a.getGroupSet().rebuild();
        for (AggregateCall call : a.getAggCallList()) {
            usedB.addAll(call.getArgList());
        }
        ImmutableBitSet used = usedB.build();
        if (used.isEmpty()) {
            // COUNT(*) and friends still need rows: read the narrowest column
            used = ImmutableBitSet.of(narrowestColumn(table.columns()));
        }
        if (used.cardinality() == in.getRowType().getFieldCount()) {
            return translate(a.getInput());
        }
        List<RexNode> refs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<RelDataTypeField> fields = in.getRowType().getFieldList();
        for (int c : used) {
            at[c] = refs.size();
            refs.add(new RexInputRef(c, fields.get(c).getType()));
            names.add(fields.get(c).getName());
        }
        Project narrow = org.apache.calcite.rel.logical.LogicalProject.create(in, List.of(), refs, names,
                java.util.Set.of());
        return scan(scan, in instanceof Filter f ? f.getCondition() : null, narrow);
    }

    private static Literal zeroLiteral(TypeDesc t)
    {
        return switch (t.getKind()) {
            case TYPE_FLOAT, TYPE_DOUBLE -> Literal.newBuilder().setDoubleValue(0).build();
            case TYPE_DECIMAL -> t.getPrecision() > DataType.MAX_DECIMAL64_PRECISION
                    ? Literal.newBuilder().setBytesValue(com.google.protobuf.ByteString.copyFrom(new byte[16])).build()
                    : Literal.newBuilder().setLongValue(0).build();
            default -> Literal.newBuilder().setLongValue(0).build();
        };
    }

    private PlanNode join(Join j) throws SqlError
    {
        return join(j, true);
    }

    private PlanNode join(Join j, boolean maySwap) throws SqlError
    {
        JoinType type = switch (j.getJoinType()) {
            case INNER -> JoinType.JOIN_INNER;
            case LEFT -> JoinType.JOIN_LEFT_OUTER;
            case RIGHT -> JoinType.JOIN_RIGHT_OUTER;
            case FULL -> JoinType.JOIN_FULL_OUTER;
            case SEMI -> JoinType.JOIN_LEFT_SEMI;
            case ANTI -> JoinType.JOIN_LEFT_ANTI;
            default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, j.getJoinType() + " join is not supported");
        };
        if (maySwap && type == JoinType.JOIN_INNER && shouldSwap(j)) {
            return swappedJoin(j, org.apache.calcite.rel.core.JoinRelType.INNER);
        }
        if (maySwap && type == JoinType.JOIN_RIGHT_OUTER) {
            // a RIGHT JOIN b is b LEFT JOIN a: the vectorized probe runs LEFT OUTER on parallel drivers, while RIGHT
            // OUTER needs the row-at-a-time join on one driver (e.g. the NOT EXISTS of TPC-H Q22)
            return swappedJoin(j, org.apache.calcite.rel.core.JoinRelType.LEFT);
        }
        PlanNode left = translate(j.getLeft());
        PlanNode right = translate(j.getRight());
        JoinInfo info = j.analyzeCondition();
        HashJoinNode.Builder b = HashJoinNode.newBuilder().setLeft(left).setRight(right);
        List<RelDataTypeField> lf = j.getLeft().getRowType().getFieldList();
        List<RelDataTypeField> rf = j.getRight().getRowType().getFieldList();
        for (int i = 0; i < info.leftKeys.size(); i++) {
            b.addLeftKeys(ref(info.leftKeys.get(i), lf.get(info.leftKeys.get(i))));
            b.addRightKeys(ref(info.rightKeys.get(i), rf.get(info.rightKeys.get(i))));
        }
        if (info.leftKeys.isEmpty() && type == JoinType.JOIN_INNER) {
            type = JoinType.JOIN_CROSS;
        }
        RexNode other = info.getRemaining(rexBuilder);
        if (!other.isAlwaysTrue()) {
            List<String> names = new ArrayList<>(j.getLeft().getRowType().getFieldNames());
            names.addAll(j.getRight().getRowType().getFieldNames());
            b.setOtherCondition(new RexTranslator(rexBuilder, names).translate(other));
        }
        b.setJoinType(type);
        return node(j).setHashJoin(b).build();
    }

    /**
     * The right input of a hash join is the build side, so it should be the smaller one: true when the estimated
     * row count (table statistics through Calcite's metadata: row counts, filter selectivities, join estimates) of
     * the left input is below the right's. Only inner joins are swapped (outer, semi and anti joins have a fixed
     * preserved side).
     */
    private static boolean shouldSwap(Join j)
    {
        org.apache.calcite.rel.metadata.RelMetadataQuery mq = j.getCluster().getMetadataQuery();
        Double left = mq.getRowCount(j.getLeft());
        Double right = mq.getRowCount(j.getRight());
        return left != null && right != null && left < right;
    }

    /**
     * {@code a JOIN b} as {@code b JOIN a} (b probes, a builds) of type {@code swappedType} (INNER stays INNER, RIGHT
     * becomes LEFT), projected back to a's columns then b's.
     */
    private PlanNode swappedJoin(Join j, org.apache.calcite.rel.core.JoinRelType swappedType) throws SqlError
    {
        int leftCount = j.getLeft().getRowType().getFieldCount();
        int rightCount = j.getRight().getRowType().getFieldCount();
        // input ref i of the original join -> its position in (right ++ left)
        int[] moved = new int[leftCount + rightCount];
        for (int i = 0; i < leftCount; i++) {
            moved[i] = rightCount + i;
        }
        for (int i = 0; i < rightCount; i++) {
            moved[leftCount + i] = i;
        }
        RexNode condition = j.getCondition().accept(new RexShuttle()
        {
            @Override
            public RexNode visitInputRef(RexInputRef ref)
            {
                return new RexInputRef(moved[ref.getIndex()], ref.getType());
            }
        });
        Join swapped = j.copy(j.getTraitSet(), condition, j.getRight(), j.getLeft(), swappedType,
                j.isSemiJoinDone());
        PlanNode inner = join(swapped, false);
        ProjectNode.Builder pb = ProjectNode.newBuilder().setInput(inner);
        List<RelDataTypeField> fields = swapped.getRowType().getFieldList();
        for (int i = 0; i < leftCount + rightCount; i++) {
            pb.addExprs(ref(moved[i], fields.get(moved[i])));
        }
        return node(j).setProject(pb).build();
    }

    private PlanNode sort(Sort s) throws SqlError
    {
        PlanNode input = translate(s.getInput());
        long limit = s.fetch == null ? -1 : RexLiteral.intValue(s.fetch);
        long offset = s.offset == null ? 0 : RexLiteral.intValue(s.offset);
        List<RelFieldCollation> keys = s.getCollation().getFieldCollations();
        if (keys.isEmpty()) {
            if (limit < 0 && offset == 0) {
                return input;
            }
            return node(s).setLimit(LimitNode.newBuilder().setInput(input).setLimit(limit).setOffset(offset)).build();
        }
        SortNode.Builder b = SortNode.newBuilder().setInput(input).setLimit(limit).setOffset(offset);
        List<RelDataTypeField> fields = s.getInput().getRowType().getFieldList();
        for (RelFieldCollation k : keys) {
            boolean asc = !k.direction.isDescending();
            // MySQL: NULLs sort first ascending, last descending.
            boolean nullsFirst = switch (k.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                default -> asc;
            };
            b.addKeys(SortKey.newBuilder().setExpr(ref(k.getFieldIndex(), fields.get(k.getFieldIndex())))
                    .setAscending(asc).setNullsFirst(nullsFirst));
        }
        return node(s).setSort(b).build();
    }

    private PlanNode values(Values v) throws SqlError
    {
        ValuesNode.Builder vb = ValuesNode.newBuilder();
        RexTranslator rt = new RexTranslator(rexBuilder, List.of());
        for (List<RexLiteral> row : v.getTuples()) {
            ValuesRow.Builder rb = ValuesRow.newBuilder();
            for (int i = 0; i < row.size(); i++) {
                RexNode lit = row.get(i);
                RelDataTypeField f = v.getRowType().getFieldList().get(i);
                Expr e = rt.translate(lit);
                if (!e.getType().equals(TypeMapping.toDesc(f.getType()))) {
                    e = Expr.newBuilder().setType(TypeMapping.toDesc(f.getType()))
                            .setCall(io.starling.rpc.proto.Call.newBuilder().setName("cast").addArgs(e)).build();
                }
                rb.addValues(e);
            }
            vb.addRows(rb);
        }
        return node(v).setValues(vb).build();
    }

    static String lower(String s)
    {
        return s.toLowerCase(Locale.ROOT);
    }
}
