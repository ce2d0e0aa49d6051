package io.starling.fe.planner;

import io.starling.fe.catalog.OlapTable;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.parser.StarRocksParser.InsertStatementContext;
import io.starling.fe.parser.StarRocksParser.QueryStatementContext;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.PlanNode;
import io.starling.storage.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Plans SELECT statements and INSERT sources: parse tree -> Calcite SqlNode ({@link SqlNodeBuilder}) -> validator
 * (StarRocks type system and operator table, MYSQL_5 conformance) -> SqlToRelConverter -> Hep programs (sub-query
 * removal, decorrelation, field trimming, predicate pushdown, constant folding, greedy join order over catalog
 * statistics; no Volcano)
 * -> {@link PhysicalTranslator} -> plan IR. The Calcite infrastructure that does not depend on the statement (type
 * factory, operator table, Hep programs) is built once and shared; thread-safe.
 */
public final class QueryPlanner
{
    private static final RelDataTypeFactory TYPE_FACTORY = new StarRocksTypeFactory();

    /**
     * One rule collection (not three sequential instances) so the rules run together to a fixpoint: expanding a
     * scalar subquery in a projection exposes the filter of its body, which may hold a nested IN/EXISTS subquery.
     */
    private static final HepProgram SUBQUERY_REMOVAL = HepProgram.builder()
            .addRuleCollection(List.of(
                    CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                    CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                    CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
            .build();

    private static final HepProgram LOGICAL = HepProgram.builder()
            .addRuleCollection(List.of(
                    CoreRules.FILTER_INTO_JOIN,
                    CoreRules.JOIN_CONDITION_PUSH,
                    CoreRules.FILTER_PROJECT_TRANSPOSE,
                    CoreRules.FILTER_AGGREGATE_TRANSPOSE,
                    CoreRules.FILTER_SET_OP_TRANSPOSE,
                    CoreRules.FILTER_MERGE,
                    CoreRules.PROJECT_MERGE,
                    CoreRules.PROJECT_REMOVE,
                    CoreRules.FILTER_REDUCE_EXPRESSIONS,
                    CoreRules.PROJECT_REDUCE_EXPRESSIONS,
                    CoreRules.JOIN_REDUCE_EXPRESSIONS,
                    CoreRules.AGGREGATE_PROJECT_MERGE,
                    CoreRules.INTERSECT_TO_DISTINCT,
                    CoreRules.MINUS_TO_DISTINCT))
            .build();

    /** Moves windowed aggregates (RexOver) out of projections into LogicalWindow nodes (see WindowTranslator). */
    private static final HepProgram WINDOWS = HepProgram.builder()
            .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
            .build();

    /** Collects inner-join trees into MultiJoins; {@link GreedyJoinOrder} then orders them. */
    private static final HepProgram MULTI_JOIN = HepProgram.builder()
            .addMatchOrder(HepMatchOrder.BOTTOM_UP)
            .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
            .build();

    private static final HepProgram CLEANUP = HepProgram.builder()
            .addRuleCollection(List.of(
                    CoreRules.FILTER_INTO_JOIN,
                    CoreRules.FILTER_PROJECT_TRANSPOSE,
                    CoreRules.FILTER_MERGE,
                    CoreRules.PROJECT_MERGE,
                    CoreRules.PROJECT_REMOVE))
            .build();

    private static final SqlValidator.Config VALIDATOR_CONFIG = SqlValidator.Config.DEFAULT
            .withConformance(SqlConformanceEnum.MYSQL_5)
            .withIdentifierExpansion(true)
            .withDefaultNullCollation(NullCollation.LOW);

    private static final CalciteConnectionConfigImpl CONNECTION_CONFIG;

    static {
        Properties p = new Properties();
        p.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
        CONNECTION_CONFIG = new CalciteConnectionConfigImpl(p);
    }

    /** Plans a SELECT (or UNION ...) statement. */
    public PlannedQuery plan(QueryStatementContext q, PlannerContext ctx) throws SqlError
    {
        SqlNodeBuilder builder = new SqlNodeBuilder(ctx);
        SqlNode node = builder.query(q);
        Planning p = new Planning(builder.tables(), ctx);
        SqlNode validated = p.validate(node);
        RelDataType rowType = p.validator.getValidatedNodeType(validated);
        List<String> labels = labels(q, validated, rowType);
        List<List<String>> origins = p.validator.getFieldOrigins(validated);
        RelNode rel = p.toRel(validated);
        PlanNode root = p.physical(rel);
        root = RuntimeFilterPlanner.plan(root, ctx.session());
        root = root.toBuilder().clearOutputNames().addAllOutputNames(labels).build();
        List<ResultColumn> columns = new ArrayList<>();
        List<RelDataTypeField> fields = rowType.getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            DataType type = TypeMapping.fromDesc(root.getOutputTypes(i));
            List<String> origin = i < origins.size() ? origins.get(i) : null;
            if (origin != null && origin.size() >= 3) {
                String db = origin.get(origin.size() - 3);
                String table = origin.get(origin.size() - 2);
                String column = origin.get(origin.size() - 1);
                columns.add(new ResultColumn(labels.get(i), column, table, table, db, type,
                        fields.get(i).getType().isNullable(), false));
            }
            else {
                columns.add(new ResultColumn(labels.get(i), "", "", "", "", type, fields.get(i).getType().isNullable(),
                        false));
            }
        }
        return new PlannedQuery(root, columns);
    }

    /**
     * Plans the source of an INSERT: a plan producing exactly {@code target}'s columns in schema order, each value
     * cast (strictly) to its column type, omitted columns filled with their DEFAULT or NULL.
     */
    public PlanNode planInsertSource(InsertStatementContext ins, OlapTable target, PlannerContext ctx) throws SqlError
    {
        return new InsertPlanner(this, ctx).plan(ins, target);
    }

    /** Plans a constant SELECT built elsewhere (used for INSERT VALUES rows that are not plain literals). */
    PlanNode planConstantSelect(SqlNode select, PlannerContext ctx) throws SqlError
    {
        Planning p = new Planning(Map.of(), ctx);
        SqlNode validated = p.validate(select);
        return p.physical(p.toRel(validated));
    }

    // ------------------------------------------------------------------------------------------ labels

    private static List<String> labels(QueryStatementContext q, SqlNode validated, RelDataType rowType)
    {
        List<String> names = new ArrayList<>(rowType.getFieldNames());
        StarRocksParser.QuerySpecificationContext spec = leftmostSpec(q);
        SqlSelect select = leftmostSelect(validated);
        if (spec == null || select == null || select.getSelectList().size() != names.size()) {
            return names;
        }
        List<StarRocksParser.SelectItemContext> items = spec.selectItem();
        long stars = items.stream().filter(i -> i instanceof StarRocksParser.SelectAllContext).count();
        if (stars > 1) {
            return names;
        }
        int starWidth = names.size() - (items.size() - (int) stars);
        List<String> out = new ArrayList<>(names.size());
        int pos = 0;
        for (StarRocksParser.SelectItemContext item : items) {
            if (item instanceof StarRocksParser.SelectAllContext) {
                for (int k = 0; k < starWidth; k++, pos++) {
                    out.add(expandedName(select.getSelectList().get(pos), names.get(pos)));
                }
            }
            else {
                out.add(SqlNodeBuilder.label((StarRocksParser.SelectSingleContext) item));
                pos++;
            }
        }
        return out.size() == names.size() ? out : names;
    }

    private static String expandedName(SqlNode item, String fallback)
    {
        SqlNode n = item;
        if (n.getKind() == SqlKind.AS) {
            n = ((SqlCall) n).operand(0);
        }
        if (n instanceof SqlIdentifier id && !id.isStar()) {
            return id.names.get(id.names.size() - 1);
        }
        return fallback;
    }

    private static StarRocksParser.QuerySpecificationContext leftmostSpec(QueryStatementContext q)
    {
        StarRocksParser.QueryTermContext t = q.queryNoWith().queryTerm();
        while (t instanceof StarRocksParser.SetOperationContext s) {
            t = s.left;
        }
        StarRocksParser.QueryPrimaryContext p = ((StarRocksParser.QueryTermDefaultContext) t).queryPrimary();
        if (p instanceof StarRocksParser.ParenthesizedQueryContext pq) {
            return leftmostSpec(pq.queryStatement());
        }
        return ((StarRocksParser.QueryPrimaryDefaultContext) p).querySpecification();
    }

    private static SqlSelect leftmostSelect(SqlNode n)
    {
        while (true) {
            if (n instanceof SqlSelect s) {
                return s;
            }
            if (n instanceof SqlOrderBy o) {
                n = o.query;
            }
            else if (n instanceof SqlWith w) {
                n = w.body;
            }
            else if (n instanceof SqlBasicCall c && c.getOperator().getKind().belongsTo(SqlKind.SET_QUERY)) {
                n = c.operand(0);
            }
            else {
                return null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ per statement

    /** The Calcite objects of one statement: schema of the referenced tables, validator, cluster. */
    private static final class Planning
    {
        final CalciteCatalogReader reader;
        final SqlValidator validator;
        final RelOptCluster cluster;
        /** ANALYZE statistics for the join orderer (none for catalogs that keep none). */
        final io.starling.fe.stats.StatisticsSource stats;

        Planning(Map<String, Map<String, CatalogTable>> tables, PlannerContext ctx)
        {
            stats = io.starling.fe.stats.StatisticsSource.of(ctx.catalog());
            CalciteSchema root = CalciteSchema.createRootSchema(false, false);
            SchemaPlus plus = root.plus();
            for (Map.Entry<String, Map<String, CatalogTable>> db : tables.entrySet()) {
                SchemaPlus schema = plus.add(db.getKey(), new AbstractSchema());
                for (Map.Entry<String, CatalogTable> t : db.getValue().entrySet()) {
                    schema.add(t.getKey(), t.getValue().calcite());
                }
            }
            List<String> defaultPath = ctx.currentDb().isEmpty() ? List.of() : List.of(ctx.currentDb());
            reader = new CalciteCatalogReader(root, defaultPath, TYPE_FACTORY, CONNECTION_CONFIG);
            validator = SqlValidatorUtil.newValidator(StarRocksOperatorTable.instance(), reader, TYPE_FACTORY,
                    VALIDATOR_CONFIG);
            // the context carries the statistics to StatsRowCount's metadata (the build side of hash joins)
            HepPlanner planner = new HepPlanner(HepProgram.builder().build(),
                    org.apache.calcite.plan.Contexts.of(stats));
            // folds only what Calcite evaluates exactly as StarRocks does (see SafeRexExecutor)
            planner.setExecutor(SafeRexExecutor.INSTANCE);
            cluster = RelOptCluster.create(planner, new RexBuilder(TYPE_FACTORY));
            StatsRowCount.install(cluster);
        }

        SqlNode validate(SqlNode node) throws SqlError
        {
            try {
                return validator.validate(node);
            }
            catch (CalciteContextException e) {
                throw validationError(e.getMessage(), e);
            }
            catch (RuntimeException e) {
                throw new SqlError(ErrorCode.INTERNAL, e, "Error analyzing the query: " + e.getMessage());
            }
        }

        RelNode toRel(SqlNode validated) throws SqlError
        {
            try {
                SqlToRelConverter converter = new SqlToRelConverter((rowType, sql, schemaPath, viewPath) -> null,
                        validator, reader, cluster, StandardConvertletTable.INSTANCE, SqlToRelConverter.config()
                        .withTrimUnusedFields(true).withExpand(false).withInSubQueryThreshold(Integer.MAX_VALUE));
                RelRoot root = converter.convertQuery(validated, false, true);
                RelNode rel = root.project();
                SketchTypeChecker.check(rel);
                rel = hep(SUBQUERY_REMOVAL, rel);
                RelBuilder relBuilder = RelFactories.LOGICAL_BUILDER.create(cluster, reader);
                rel = RelDecorrelator.decorrelateQuery(rel, relBuilder);
                rel = converter.trimUnusedFields(false, rel);
                rel = OrPredicateRewriter.rewrite(rel, cluster.getRexBuilder());
                rel = hep(WINDOWS, rel);
                rel = hep(LOGICAL, rel);
                rel = hep(MULTI_JOIN, rel);
                rel = GreedyJoinOrder.apply(rel, relBuilder, stats);
                rel = hep(CLEANUP, rel);
                return rel;
            }
            catch (RuntimeException e) {
                throw new SqlError(ErrorCode.INTERNAL, e, "Error planning the query: " + e.getMessage());
            }
        }

        PlanNode physical(RelNode rel) throws SqlError
        {
            return new PhysicalTranslator(cluster.getRexBuilder()).translate(rel);
        }

        private static RelNode hep(HepProgram program, RelNode rel)
        {
            HepPlanner planner = new HepPlanner(program);
            planner.setExecutor(SafeRexExecutor.INSTANCE);
            planner.setRoot(rel);
            return planner.findBestExp();
        }
    }

    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found in any table");
    private static final Pattern COLUMN_NOT_FOUND_IN = Pattern.compile("Column '([^']*)' not found in table '([^']*)'");
    private static final Pattern TABLE_NOT_FOUND = Pattern.compile("Table '([^']*)' not found");
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '([^']*)' is ambiguous");
    private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature ([^(]*)\\(");

    /** Maps a Calcite validation message to the MySQL error a client expects. */
    static SqlError validationError(String message, Throwable cause)
    {
        String msg = message == null ? "" : message;
        int colon = msg.indexOf(": ");
        String detail = msg.startsWith("From line") && colon > 0 ? msg.substring(colon + 2) : msg;
        Matcher m;
        if ((m = COLUMN_NOT_FOUND.matcher(detail)).find()) {
            return new SqlError(ErrorCode.BAD_FIELD, m.group(1), "field list");
        }
        if ((m = COLUMN_NOT_FOUND_IN.matcher(detail)).find()) {
            return new SqlError(ErrorCode.BAD_FIELD, m.group(2) + "." + m.group(1), "field list");
        }
        if ((m = TABLE_NOT_FOUND.matcher(detail)).find()) {
            return new SqlError(ErrorCode.BAD_FIELD, m.group(1), "field list");
        }
        if ((m = AMBIGUOUS.matcher(detail)).find()) {
            return new SqlError(ErrorCode.NON_UNIQ, m.group(1), "field list");
        }
        if ((m = NO_FUNCTION.matcher(detail)).find()) {
            return new SqlError(1305, "42000", "FUNCTION " + m.group(1).toLowerCase(java.util.Locale.ROOT)
                    + " does not exist");
        }
        SqlError e = new SqlError(ErrorCode.INTERNAL, detail);
        e.initCause(cause);
        return e;
    }
}
