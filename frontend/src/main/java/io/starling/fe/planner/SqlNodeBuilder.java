package io.starling.fe.planner;

import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.parser.StarRocksParser.*;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Turns the query part of the parse tree into Calcite {@link SqlNode}s. Besides the syntax mapping it does the work
 * Calcite cannot do for us: resolves table names against the catalog (MySQL errors 1046/1049/1146, and it records
 * every referenced table for the per-query Calcite schema), folds session-dependent values to literals
 * ({@code @@var}, DATABASE(), USER(), NOW() ...), folds literal date arithmetic ({@code date '1998-12-01' - interval
 * '90' day}) and rewrites non-literal interval arithmetic to {@code date_add(x, n, 'UNIT')}. Constructs the engine
 * cannot execute are rejected here with NOT_SUPPORTED naming the construct.
 */
final class SqlNodeBuilder
{
    private static final SqlParserPos POS = SqlParserPos.ZERO;
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PlannerContext ctx;
    /** database -> table -> table, every table the statement references. */
    private final Map<String, Map<String, CatalogTable>> tables = new LinkedHashMap<>();
    /** CTE names visible at the current point, innermost scope last. */
    private final Deque<Set<String>> cteScopes = new ArrayDeque<>();

    SqlNodeBuilder(PlannerContext ctx)
    {
        this.ctx = ctx;
    }

    Map<String, Map<String, CatalogTable>> tables()
    {
        return tables;
    }

    // ------------------------------------------------------------------------------------------ queries

    SqlNode query(QueryStatementContext q) throws SqlError
    {
        if (q.withClause() == null) {
            return queryNoWith(q.queryNoWith());
        }
        Set<String> scope = new HashSet<>();
        cteScopes.push(scope);
        try {
            List<SqlNode> items = new ArrayList<>();
            for (CommonTableExpressionContext cte : q.withClause().commonTableExpression()) {
                String name = ParseTrees.identifier(cte.name);
                SqlNode body = query(cte.queryStatement());
                SqlNodeList cols = cte.columnAliases() == null ? null : identifiers(cte.columnAliases().identifier());
                items.add(new SqlWithItem(POS, new SqlIdentifier(name, POS), cols, body));
                // A CTE is visible to the CTEs after it and to the body (WITH RECURSIVE is not supported).
                scope.add(name.toLowerCase(Locale.ROOT));
            }
            if (q.withClause().RECURSIVE() != null) {
                throw notSupported("WITH RECURSIVE");
            }
            return new SqlWith(POS, new SqlNodeList(items, POS), queryNoWith(q.queryNoWith()));
        }
        finally {
            cteScopes.pop();
        }
    }

    private SqlNode queryNoWith(QueryNoWithContext q) throws SqlError
    {
        SqlNode body = queryTerm(q.queryTerm());
        if (q.orderByClause() == null && q.limitClause() == null) {
            return body;
        }
        SqlNodeList order = q.orderByClause() == null ? SqlNodeList.EMPTY : sortItems(q.orderByClause().sortItem());
        SqlNode offset = null;
        SqlNode fetch = null;
        if (q.limitClause() != null) {
            fetch = SqlLiteral.createExactNumeric(q.limitClause().limit.getText(), POS);
            if (q.limitClause().offset != null) {
                offset = SqlLiteral.createExactNumeric(q.limitClause().offset.getText(), POS);
            }
        }
        return new SqlOrderBy(POS, body, order, offset, fetch);
    }

    private SqlNodeList sortItems(List<SortItemContext> items) throws SqlError
    {
        List<SqlNode> list = new ArrayList<>();
        for (SortItemContext s : items) {
            SqlNode e = expr(s.expression());
            boolean desc = s.ordering != null && s.ordering.getType() == StarRocksParser.DESC;
            if (desc) {
                e = SqlStdOperatorTable.DESC.createCall(POS, e);
            }
            if (s.nullOrdering != null) {
                e = (s.nullOrdering.getType() == StarRocksParser.FIRST ? SqlStdOperatorTable.NULLS_FIRST
                        : SqlStdOperatorTable.NULLS_LAST).createCall(POS, e);
            }
            list.add(e);
        }
        return new SqlNodeList(list, POS);
    }

    private SqlNode queryTerm(QueryTermContext t) throws SqlError
    {
        if (t instanceof QueryTermDefaultContext d) {
            return queryPrimary(d.queryPrimary());
        }
        SetOperationContext s = (SetOperationContext) t;
        boolean all = s.setQuantifier() != null && s.setQuantifier().ALL() != null;
        SqlOperator op = switch (s.operator.getType()) {
            case StarRocksParser.UNION -> all ? SqlStdOperatorTable.UNION_ALL : SqlStdOperatorTable.UNION;
            case StarRocksParser.INTERSECT -> all ? SqlStdOperatorTable.INTERSECT_ALL : SqlStdOperatorTable.INTERSECT;
            default -> all ? SqlStdOperatorTable.EXCEPT_ALL : SqlStdOperatorTable.EXCEPT;
        };
        return op.createCall(POS, queryTerm(s.left), queryTerm(s.right));
    }

    private SqlNode queryPrimary(QueryPrimaryContext p) throws SqlError
    {
        if (p instanceof ParenthesizedQueryContext pq) {
            return query(pq.queryStatement());
        }
        return querySpecification(((QueryPrimaryDefaultContext) p).querySpecification());
    }

    private SqlNode querySpecification(QuerySpecificationContext q) throws SqlError
    {
        // FROM first: table resolution errors come before column errors, as in MySQL.
        SqlNode from = null;
        if (q.fromClause() instanceof RelationsFromContext rf) {
            from = relations(rf.relation());
        }
        List<SqlNode> items = new ArrayList<>();
        for (SelectItemContext item : q.selectItem()) {
            if (item instanceof SelectAllContext all) {
                if (all.qualifiedName() == null) {
                    items.add(SqlIdentifier.star(POS));
                }
                else {
                    List<String> names = new ArrayList<>(ParseTrees.qualifiedName(all.qualifiedName()));
                    names.add("");
                    items.add(SqlIdentifier.star(names, POS, names.stream().map(n -> POS).toList()));
                }
            }
            else {
                SelectSingleContext single = (SelectSingleContext) item;
                SqlNode e = expr(single.expression());
                if (single.alias != null) {
                    e = SqlStdOperatorTable.AS.createCall(POS, e,
                            new SqlIdentifier(ParseTrees.identifierOrString(single.alias), POS));
                }
                items.add(e);
            }
        }
        if (from == null && items.stream().anyMatch(i -> i instanceof SqlIdentifier id && id.isStar())) {
            throw new SqlError(ErrorCode.NO_DB_SELECTED.code(), "HY000", "No tables used");
        }
        SqlNode where = q.whereClause() == null ? null : expr(q.whereClause().expression());
        SqlNodeList groupBy = null;
        if (q.groupByClause() != null) {
            List<SqlNode> keys = new ArrayList<>();
            for (GroupingElementContext g : q.groupByClause().groupingElement()) {
                keys.add(groupingElement(g));
            }
            groupBy = new SqlNodeList(keys, POS);
        }
        SqlNode having = q.havingClause() == null ? null : expr(q.havingClause().expression());
        if (having != null && groupBy == null) {
            SqlNode filter = havingAsFilter(items, having);
            if (filter != null) {
                where = where == null ? filter : SqlStdOperatorTable.AND.createCall(POS, where, filter);
                having = null;
            }
        }
        SqlNodeList keywords = q.setQuantifier() != null && q.setQuantifier().DISTINCT() != null
                ? SqlNodeList.of(SqlSelectKeyword.DISTINCT.symbol(POS)) : SqlNodeList.EMPTY;
        return new SqlSelect(POS, keywords, new SqlNodeList(items, POS), from, where, groupBy, having, null, null,
                null, null, null, null);
    }

    /**
     * A GROUP BY element as Calcite's validator expects it: ROLLUP/CUBE/GROUPING SETS calls whose operands are
     * expressions or SqlNodeLists (a parenthesized set; empty for the empty set {@code ()}).
     */
    private SqlNode groupingElement(GroupingElementContext g) throws SqlError
    {
        if (g instanceof SingleGroupingElementContext single) {
            return expr(single.expression());
        }
        if (g instanceof RollupContext r) {
            return SqlStdOperatorTable.ROLLUP.createCall(POS, r.expressionList() == null ? List.of() : expressions(r.expressionList().expression()));
        }
        if (g instanceof CubeContext c) {
            return SqlStdOperatorTable.CUBE.createCall(POS, c.expressionList() == null ? List.of() : expressions(c.expressionList().expression()));
        }
        List<SqlNode> sets = new ArrayList<>();
        for (GroupingSetContext set : ((GroupingSetsContext) g).groupingSet()) {
            if (set.expression() != null) {
                sets.add(expr(set.expression()));
            }
            else {
                // a parenthesized list: a ROW (operands in a mutable array: the validator rewrites them); () is empty
                sets.add(set.expressionList() == null ? new SqlNodeList(POS)
                        : SqlStdOperatorTable.ROW.createCall(POS, expressions(set.expressionList().expression()).toArray(new SqlNode[0])));
            }
        }
        return SqlStdOperatorTable.GROUPING_SETS.createCall(POS, sets);
    }

    /** Aggregate function names, for telling a MySQL "HAVING as a row filter" query from an aggregate one. */
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg", "group_concat",
            "any_value", "stddev", "stddev_pop", "stddev_samp", "std", "variance", "var_pop", "var_samp",
            "approx_count_distinct", "ndv", "bitmap_union", "bitmap_union_count", "hll_union", "hll_union_agg",
            "array_agg", "percentile_approx", "percentile_cont", "bit_and", "bit_or", "bit_xor", "max_by", "min_by",
            "bitmap_intersect", "bitmap_agg", "bitmap_union_int", "hll_raw_agg");

    /**
     * MySQL accepts HAVING without GROUP BY in a query without aggregates and applies it to the result rows, where
     * it may name select-list aliases (Connector/J's getTables sends {@code ... HAVING TABLE_TYPE IN (...)}).
     * Calcite would turn the query into an aggregate; instead the condition becomes part of WHERE, with aliases
     * replaced by their expressions (an alias wins over a same-named column, as in MySQL's HAVING).
     *
     * @return the filter, or null if the query has aggregates (then HAVING keeps its aggregate meaning)
     */
    private static SqlNode havingAsFilter(List<SqlNode> items, SqlNode having)
    {
        Map<String, SqlNode> aliases = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<SqlNode> all = new ArrayList<>(items);
        all.add(having);
        for (SqlNode item : items) {
            if (item instanceof org.apache.calcite.sql.SqlCall c && c.getKind() == org.apache.calcite.sql.SqlKind.AS) {
                aliases.putIfAbsent(((SqlIdentifier) c.operand(1)).getSimple(), c.operand(0));
            }
        }
        boolean[] aggregate = {false};
        for (SqlNode n : all) {
            n.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>()
            {
                @Override
                public Void visit(org.apache.calcite.sql.SqlCall call)
                {
                    SqlOperator op = call.getOperator();
                    if (op.isAggregator() || AGGREGATES.contains(op.getName().toLowerCase(Locale.ROOT))) {
                        aggregate[0] = true;
                    }
                    return super.visit(call);
                }
            });
        }
        if (aggregate[0]) {
            return null;
        }
        return having.accept(new org.apache.calcite.sql.util.SqlShuttle()
        {
            @Override
            public SqlNode visit(SqlIdentifier id)
            {
                SqlNode aliased = id.isSimple() ? aliases.get(id.getSimple()) : null;
                return aliased != null ? aliased.clone(POS) : id;
            }
        });
    }

    // ------------------------------------------------------------------------------------------ FROM

    private SqlNode relations(List<RelationContext> rels) throws SqlError
    {
        SqlNode result = null;
        for (RelationContext r : rels) {
            SqlNode n = relation(r);
            result = result == null ? n : join(result, JoinType.COMMA, n, null);
        }
        return result;
    }

    private SqlNode relation(RelationContext r) throws SqlError
    {
        SqlNode left = relationPrimary(r.relationPrimary());
        for (JoinPartContext j : r.joinPart()) {
            SqlNode right = relationPrimary(j.relationPrimary());
            JoinTypeContext jt = j.joinType();
            JoinCriteriaContext crit = j.joinCriteria();
            if (jt instanceof RightSemiJoinContext || jt instanceof RightAntiJoinContext) {
                // a RIGHT SEMI/ANTI JOIN b  ==  b LEFT SEMI/ANTI JOIN a: only b's columns are visible either way.
                JoinType type = jt instanceof RightSemiJoinContext ? JoinType.LEFT_SEMI_JOIN : JoinType.LEFT_ANTI_JOIN;
                left = join(right, type, left, crit);
                continue;
            }
            JoinType type;
            if (jt instanceof InnerJoinContext) {
                type = crit == null ? JoinType.CROSS : JoinType.INNER;
            }
            else if (jt instanceof CrossJoinContext) {
                type = crit == null ? JoinType.CROSS : JoinType.INNER;
            }
            else if (jt instanceof LeftOuterJoinContext) {
                type = JoinType.LEFT;
            }
            else if (jt instanceof RightOuterJoinContext) {
                type = JoinType.RIGHT;
            }
            else if (jt instanceof FullOuterJoinContext) {
                type = JoinType.FULL;
            }
            else if (jt instanceof LeftSemiJoinContext) {
                type = JoinType.LEFT_SEMI_JOIN;
            }
            else {
                type = JoinType.LEFT_ANTI_JOIN;
            }
            if (crit == null && type != JoinType.CROSS) {
                throw new SqlError(ErrorCode.PARSE_ERROR, "Join requires an ON or USING condition");
            }
            left = join(left, type, right, crit);
        }
        return left;
    }

    private SqlNode join(SqlNode left, JoinType type, SqlNode right, JoinCriteriaContext crit) throws SqlError
    {
        JoinConditionType ct = JoinConditionType.NONE;
        SqlNode cond = null;
        if (crit instanceof JoinOnContext on) {
            ct = JoinConditionType.ON;
            cond = expr(on.expression());
        }
        else if (crit instanceof JoinUsingContext using) {
            ct = JoinConditionType.USING;
            cond = identifiers(using.identifier());
        }
        if (type == JoinType.LEFT_SEMI_JOIN || type == JoinType.LEFT_ANTI_JOIN) {
            return SemiJoins.asExists(left, right, ct, cond, type == JoinType.LEFT_ANTI_JOIN);
        }
        return new SqlJoin(POS, left, SqlLiteral.createBoolean(false, POS), type.symbol(POS), right, ct.symbol(POS),
                cond);
    }

    private SqlNode relationPrimary(RelationPrimaryContext r) throws SqlError
    {
        if (r instanceof TableRelationContext t) {
            if (t.partitionNames() != null) {
                throw notSupported("PARTITION (...) in FROM");
            }
            SqlNode view = ViewExpander.relation(this, ctx, ParseTrees.qualifiedName(t.qualifiedName()),
                    t.alias == null ? null : ParseTrees.identifier(t.alias));
            if (view != null) {
                return view;
            }
            SqlNode table = tableName(ParseTrees.qualifiedName(t.qualifiedName()));
            if (t.alias != null) {
                return SqlStdOperatorTable.AS.createCall(POS, table,
                        new SqlIdentifier(ParseTrees.identifier(t.alias), POS));
            }
            return table;
        }
        if (r instanceof SubqueryRelationContext s) {
            List<SqlNode> operands = new ArrayList<>();
            operands.add(query(s.queryStatement()));
            operands.add(new SqlIdentifier(ParseTrees.identifier(s.alias), POS));
            if (s.columnAliases() != null) {
                operands.addAll(identifiers(s.columnAliases().identifier()).getList());
            }
            return SqlStdOperatorTable.AS.createCall(POS, operands);
        }
        ParenthesizedRelationContext p = (ParenthesizedRelationContext) r;
        return relations(p.relation());
    }

    /** Whether a one-part name denotes a CTE in scope here (CTEs shadow tables and views). */
    boolean isCte(String name)
    {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Set<String> scope : cteScopes) {
            if (scope.contains(lower)) {
                return true;
            }
        }
        return false;
    }

    /** Resolves a table name (CTE, information_schema table or catalog table) to a Calcite identifier. */
    private SqlNode tableName(List<String> parts) throws SqlError
    {
        if (parts.size() == 1) {
            String lower = parts.get(0).toLowerCase(Locale.ROOT);
            for (Set<String> scope : cteScopes) {
                if (scope.contains(lower)) {
                    return new SqlIdentifier(parts.get(0), POS);
                }
            }
        }
        String[] dbName = ViewExpander.databaseAndName(ctx, parts);
        if (dbName == null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Unsupported table name '" + String.join(".", parts) + "'");
        }
        String db = dbName[0];
        String name = dbName[1];
        CatalogTable table = resolveTable(db, name);
        tables.computeIfAbsent(table.database(), k -> new LinkedHashMap<>()).putIfAbsent(table.name(), table);
        return new SqlIdentifier(List.of(table.database(), table.name()), POS);
    }

    private CatalogTable resolveTable(String db, String name) throws SqlError
    {
        if (db.isEmpty()) {
            throw new SqlError(ErrorCode.NO_DB_SELECTED);
        }
        if (db.equalsIgnoreCase(SystemTables.DATABASE)) {
            SystemTables sys = ctx.systemTables();
            if (sys != null) {
                for (String t : sys.tableNames()) {
                    if (t.equalsIgnoreCase(name)) {
                        return new CatalogTable(SystemTables.DATABASE, t, sys.columns(t), null, sys.rows(t));
                    }
                }
            }
            throw tableDoesNotExist(SystemTables.DATABASE, name);
        }
        if (ctx.catalog().getDatabase(db) == null) {
            throw new SqlError(ErrorCode.BAD_DB, db);
        }
        OlapTable t = ctx.catalog().getTable(db, name);
        if (t == null) {
            throw tableDoesNotExist(db, name);
        }
        return new CatalogTable(db, t.name(), t.columns(), t, null);
    }

    static SqlError tableDoesNotExist(String db, String name)
    {
        return new SqlError(ErrorCode.NO_SUCH_TABLE.code(), ErrorCode.NO_SUCH_TABLE.sqlState(),
                "Table '" + db + "." + name + "' doesn't exist");
    }

    // ------------------------------------------------------------------------------------------ expressions

    SqlNode expr(ExpressionContext e) throws SqlError
    {
        if (e instanceof LogicalNotContext n) {
            return SqlStdOperatorTable.NOT.createCall(POS, expr(n.expression()));
        }
        if (e instanceof LogicalBinaryContext b) {
            SqlNode l = expr(b.left);
            SqlNode r = expr(b.right);
            return switch (b.operator.getType()) {
                case StarRocksParser.AND, StarRocksParser.LOGICAL_AND -> SqlStdOperatorTable.AND.createCall(POS, l, r);
                // XOR on booleans is "not equal" with the same NULL behaviour.
                case StarRocksParser.XOR -> SqlStdOperatorTable.NOT_EQUALS.createCall(POS, l, r);
                default -> SqlStdOperatorTable.OR.createCall(POS, l, r);
            };
        }
        return predicate(((PredicateExpressionContext) e).predicate());
    }

    private SqlNode predicate(PredicateContext p) throws SqlError
    {
        if (p instanceof ValuePredicateContext v) {
            return value(v.valueExpression());
        }
        if (p instanceof ComparisonContext c) {
            SqlNode l = predicate(c.left);
            SqlNode r = value(c.right);
            SqlOperator op = switch (((Token) c.comparisonOperator().getChild(0).getPayload()).getType()) {
                case StarRocksParser.EQ -> SqlStdOperatorTable.EQUALS;
                case StarRocksParser.NSEQ -> SqlStdOperatorTable.IS_NOT_DISTINCT_FROM;
                case StarRocksParser.NEQ -> SqlStdOperatorTable.NOT_EQUALS;
                case StarRocksParser.LT -> SqlStdOperatorTable.LESS_THAN;
                case StarRocksParser.LTE -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
                case StarRocksParser.GT -> SqlStdOperatorTable.GREATER_THAN;
                default -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
            };
            return op.createCall(POS, l, r);
        }
        if (p instanceof IsPredicateContext is) {
            boolean not = is.NOT() != null;
            SqlOperator op = switch (is.kind.getType()) {
                case StarRocksParser.NULL -> not ? SqlStdOperatorTable.IS_NOT_NULL : SqlStdOperatorTable.IS_NULL;
                case StarRocksParser.TRUE -> not ? SqlStdOperatorTable.IS_NOT_TRUE : SqlStdOperatorTable.IS_TRUE;
                case StarRocksParser.FALSE -> not ? SqlStdOperatorTable.IS_NOT_FALSE : SqlStdOperatorTable.IS_FALSE;
                default -> not ? SqlStdOperatorTable.IS_NOT_UNKNOWN : SqlStdOperatorTable.IS_UNKNOWN;
            };
            return op.createCall(POS, predicate(is.predicate()));
        }
        if (p instanceof BetweenContext b) {
            SqlOperator op = b.NOT() != null ? SqlStdOperatorTable.NOT_BETWEEN : SqlStdOperatorTable.BETWEEN;
            return op.createCall(POS, predicate(b.value), value(b.lower), predicate(b.upper));
        }
        if (p instanceof InSubqueryContext in) {
            SqlOperator op = in.NOT() != null ? SqlStdOperatorTable.NOT_IN : SqlStdOperatorTable.IN;
            return op.createCall(POS, predicate(in.value), query(in.queryStatement()));
        }
        if (p instanceof InListContext in) {
            SqlOperator op = in.NOT() != null ? SqlStdOperatorTable.NOT_IN : SqlStdOperatorTable.IN;
            return op.createCall(POS, predicate(in.value), expressions(in.expressionList().expression()));
        }
        if (p instanceof LikeContext like) {
            SqlOperator op = like.NOT() != null ? SqlStdOperatorTable.NOT_LIKE : SqlStdOperatorTable.LIKE;
            if (like.escape != null) {
                return op.createCall(POS, predicate(like.value), value(like.pattern), value(like.escape));
            }
            return op.createCall(POS, predicate(like.value), value(like.pattern));
        }
        RegexpContext re = (RegexpContext) p;
        SqlNode call = function("regexp", List.of(predicate(re.value), value(re.pattern)), false);
        return re.NOT() != null ? SqlStdOperatorTable.NOT.createCall(POS, call) : call;
    }

    private SqlNode value(ValueExpressionContext v) throws SqlError
    {
        if (v instanceof PrimaryValueContext p) {
            return primary(p.primaryExpression());
        }
        if (v instanceof ArithmeticUnaryContext u) {
            return switch (u.operator.getType()) {
                case StarRocksParser.MINUS_SYMBOL -> {
                    SqlNode operand = value(u.valueExpression());
                    if (operand instanceof org.apache.calcite.sql.SqlNumericLiteral num) {
                        yield SqlLiteral.createNegative(num, POS);
                    }
                    if (operand instanceof SqlLiteral lit && lit.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.CHAR
                            && u.valueExpression().getText().matches("\\d{39,}")) {
                        // a LARGEINT literal kept as a string (see number()): negate the text
                        yield charString("-" + u.valueExpression().getText());
                    }
                    yield SqlStdOperatorTable.UNARY_MINUS.createCall(POS, operand);
                }
                case StarRocksParser.PLUS_SYMBOL -> value(u.valueExpression());
                case StarRocksParser.BANG -> SqlStdOperatorTable.NOT.createCall(POS, value(u.valueExpression()));
                default -> throw notSupported("Bit operator '~'");
            };
        }
        ArithmeticBinaryContext b = (ArithmeticBinaryContext) v;
        int op = b.operator.getType();
        if (op == StarRocksParser.PLUS_SYMBOL || op == StarRocksParser.MINUS_SYMBOL) {
            SqlNode interval = intervalArithmetic(b, op == StarRocksParser.MINUS_SYMBOL);
            if (interval != null) {
                return interval;
            }
        }
        SqlNode l = value(b.left);
        SqlNode r = value(b.right);
        return switch (op) {
            case StarRocksParser.PLUS_SYMBOL -> SqlStdOperatorTable.PLUS.createCall(POS, l, r);
            case StarRocksParser.MINUS_SYMBOL -> SqlStdOperatorTable.MINUS.createCall(POS, l, r);
            case StarRocksParser.ASTERISK -> SqlStdOperatorTable.MULTIPLY.createCall(POS, l, r);
            case StarRocksParser.SLASH -> StarRocksOperatorTable.DIVIDE.createCall(POS, l, r);
            case StarRocksParser.PERCENT, StarRocksParser.MOD -> SqlStdOperatorTable.MOD.createCall(POS, l, r);
            case StarRocksParser.DIV -> SqlStdOperatorTable.DIVIDE_INTEGER.createCall(POS, l, r);
            default -> throw notSupported("Bit operator '" + b.operator.getText() + "'");
        };
    }

    /** {@code x +/- INTERVAL n unit} and {@code INTERVAL n unit + x}: folded when both are literals, else date_add. */
    private SqlNode intervalArithmetic(ArithmeticBinaryContext b, boolean minus) throws SqlError
    {
        IntervalLiteralContext interval = intervalOf(b.right);
        ValueExpressionContext base = b.left;
        if (interval == null && !minus) {
            interval = intervalOf(b.left);
            base = b.right;
        }
        if (interval == null) {
            return null;
        }
        String unit = interval.unit.getText().toUpperCase(Locale.ROOT);
        SqlNode amount = expr(interval.value);
        SqlNode baseNode = value(base);
        Long n = integerValue(amount);
        if (n != null && (baseNode instanceof org.apache.calcite.sql.SqlDateLiteral
                || baseNode instanceof org.apache.calcite.sql.SqlTimestampLiteral)) {
            return foldDateArithmetic((SqlLiteral) baseNode, minus ? -n : n, unit);
        }
        return function(minus ? "date_sub" : "date_add",
                List.of(baseNode, amount, SqlLiteral.createCharString(unit, POS)), false);
    }

    private static IntervalLiteralContext intervalOf(ValueExpressionContext v)
    {
        if (v instanceof PrimaryValueContext p && p.primaryExpression() instanceof IntervalLiteralContext i) {
            return i;
        }
        return null;
    }

    /** An integer value of a numeric or numeric-string literal ('90' in {@code interval '90' day}), else null. */
    private static Long integerValue(SqlNode n)
    {
        try {
            if (n instanceof org.apache.calcite.sql.SqlNumericLiteral num && num.isExact()) {
                return num.bigDecimalValue().longValueExact();
            }
            if (n instanceof org.apache.calcite.sql.SqlCharStringLiteral s) {
                return Long.parseLong(s.getValueAs(String.class).trim());
            }
        }
        catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    private SqlNode foldDateArithmetic(SqlLiteral base, long n, String unit) throws SqlError
    {
        boolean isDate = base instanceof org.apache.calcite.sql.SqlDateLiteral;
        LocalDateTime t = isDate
                ? LocalDate.parse(base.getValueAs(DateString.class).toString()).atStartOfDay()
                : LocalDateTime.parse(base.getValueAs(TimestampString.class).toString().replace(' ', 'T'));
        LocalDateTime r = switch (unit) {
            case "YEAR" -> t.plusYears(n);
            case "QUARTER" -> t.plusMonths(3 * n);
            case "MONTH" -> t.plusMonths(n);
            case "WEEK" -> t.plusWeeks(n);
            case "DAY" -> t.plusDays(n);
            case "HOUR" -> t.plusHours(n);
            case "MINUTE" -> t.plusMinutes(n);
            case "SECOND" -> t.plusSeconds(n);
            case "MILLISECOND" -> t.plusNanos(n * 1_000_000);
            default -> t.plusNanos(n * 1_000);
        };
        boolean dayOrMore = switch (unit) {
            case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY" -> true;
            default -> false;
        };
        if (isDate && dayOrMore) {
            return SqlLiteral.createDate(new DateString(r.toLocalDate().toString()), POS);
        }
        return timestampLiteral(r);
    }

    private SqlNode primary(PrimaryExpressionContext p) throws SqlError
    {
        if (p instanceof NullLiteralContext) {
            return SqlLiteral.createNull(POS);
        }
        if (p instanceof BooleanLiteralContext b) {
            return SqlLiteral.createBoolean(b.TRUE() != null, POS);
        }
        if (p instanceof NumericLiteralContext n) {
            return number(n.number());
        }
        if (p instanceof BinaryLiteralContext bin) {
            return charString(BinaryLiterals.decode(bin.getText()));
        }
        if (p instanceof StringLiteralContext s) {
            StringBuilder sb = new StringBuilder();
            for (StringContext part : s.string()) {
                sb.append(ParseTrees.string(part));
            }
            return charString(sb.toString());
        }
        if (p instanceof TypedLiteralContext t) {
            String text = ParseTrees.string(t.string()).trim();
            return t.kind.getType() == StarRocksParser.DATE ? dateLiteral(text) : timestampLiteral(parseDateTime(text));
        }
        if (p instanceof IntervalLiteralContext) {
            throw notSupported("INTERVAL outside date arithmetic");
        }
        if (p instanceof VariableReferenceContext v) {
            return variable(v.variable());
        }
        if (p instanceof CastContext c) {
            return SqlStdOperatorTable.CAST.createCall(POS, expr(c.expression()), typeSpec(c.type()));
        }
        if (p instanceof ConvertContext c) {
            return SqlStdOperatorTable.CAST.createCall(POS, expr(c.expression()), typeSpec(c.type()));
        }
        if (p instanceof CollateContext c) {
            // Collations are accepted and ignored: strings always compare as UTF-8 bytes (utf8mb4_bin), as in StarRocks.
            return primary(c.base);
        }
        if (p instanceof DoubleColonCastContext c) {
            return SqlStdOperatorTable.CAST.createCall(POS, primary(c.base), typeSpec(c.type()));
        }
        if (p instanceof SimpleCaseContext c) {
            return caseExpr(expr(c.operand), c.whenClause(), c.elseExpression);
        }
        if (p instanceof SearchedCaseContext c) {
            return caseExpr(null, c.whenClause(), c.elseExpression);
        }
        if (p instanceof ExtractContext e) {
            String fn = switch (e.unit.getText().toUpperCase(Locale.ROOT)) {
                case "YEAR" -> "year";
                case "QUARTER" -> "quarter";
                case "MONTH" -> "month";
                case "WEEK" -> "week";
                case "DAY" -> "day";
                case "HOUR" -> "hour";
                case "MINUTE" -> "minute";
                case "SECOND" -> "second";
                default -> throw notSupported("EXTRACT(" + e.unit.getText() + " FROM ...)");
            };
            return function(fn, List.of(value(e.value)), false);
        }
        if (p instanceof SubstringFromContext s) {
            List<SqlNode> args = new ArrayList<>(List.of(expr(s.value), expr(s.from)));
            if (s.length != null) {
                args.add(expr(s.length));
            }
            return function("substr", args, false);
        }
        if (p instanceof TrimFromContext t) {
            if (t.remove != null) {
                org.apache.calcite.sql.fun.SqlTrimFunction.Flag flag = t.side == null || t.side.getType() == StarRocksParser.BOTH
                        ? org.apache.calcite.sql.fun.SqlTrimFunction.Flag.BOTH : t.side.getType() == StarRocksParser.LEADING
                        ? org.apache.calcite.sql.fun.SqlTrimFunction.Flag.LEADING : org.apache.calcite.sql.fun.SqlTrimFunction.Flag.TRAILING;
                return SqlStdOperatorTable.TRIM.createCall(POS, flag.symbol(POS), expr(t.remove), expr(t.value));
            }
            String fn = t.side == null || t.side.getType() == StarRocksParser.BOTH ? "trim"
                    : t.side.getType() == StarRocksParser.LEADING ? "ltrim" : "rtrim";
            return function(fn, List.of(expr(t.value)), false);
        }
        if (p instanceof SpecialFunctionContext s) {
            return switch (s.name.getType()) {
                case StarRocksParser.CURRENT_DATE -> dateLiteral(ctx.queryStart().toLocalDate().toString());
                case StarRocksParser.CURRENT_USER -> charString(currentUser());
                case StarRocksParser.CURRENT_TIME -> charString(ctx.queryStart().toLocalTime().toString());
                default -> timestampLiteral(ctx.queryStart());
            };
        }
        if (p instanceof FunctionCallExpressionContext f) {
            return functionCall(f.functionCall());
        }
        if (p instanceof ExistsContext e) {
            return SqlStdOperatorTable.EXISTS.createCall(POS, query(e.queryStatement()));
        }
        if (p instanceof SubqueryExpressionContext s) {
            return query(s.queryStatement());
        }
        if (p instanceof ParenthesizedExpressionContext pe) {
            return expr(pe.expression());
        }
        if (p instanceof RowConstructorContext r) {
            return SqlStdOperatorTable.ROW.createCall(POS, expressions(r.expression()).getList());
        }
        if (p instanceof ColumnReferenceContext c) {
            return new SqlIdentifier(ParseTrees.qualifiedName(c.qualifiedName()), POS);
        }
        if (p instanceof ArrayLiteralContext) {
            throw notSupported("Array literals");
        }
        if (p instanceof SubscriptContext) {
            throw notSupported("Subscripts");
        }
        if (p instanceof JsonArrowContext) {
            throw notSupported("JSON '->' operator");
        }
        throw notSupported(p.getText());
    }

    private SqlNode caseExpr(SqlNode operand, List<WhenClauseContext> whens, ExpressionContext elseExpr) throws SqlError
    {
        List<SqlNode> w = new ArrayList<>();
        List<SqlNode> t = new ArrayList<>();
        for (WhenClauseContext wc : whens) {
            w.add(expr(wc.condition));
            t.add(expr(wc.result));
        }
        SqlNode e = elseExpr == null ? SqlLiteral.createNull(POS) : expr(elseExpr);
        // createSwitched turns CASE x WHEN a into CASE WHEN x = a (the validator wants boolean WHEN items).
        return SqlCase.createSwitched(POS, operand, new SqlNodeList(w, POS), new SqlNodeList(t, POS), e);
    }

    private SqlNode functionCall(FunctionCallContext f) throws SqlError
    {
        FunctionNameContext fnCtx = f instanceof StarFunctionCallContext s ? s.functionName()
                : ((SimpleFunctionCallContext) f).functionName();
        OverClauseContext over = f instanceof StarFunctionCallContext s ? s.overClause()
                : ((SimpleFunctionCallContext) f).overClause();
        if (over != null) {
            return WindowTranslator.overCall(f, over, this::expr, this::sortItems);
        }
        String name = fnCtx.qualifiedName() != null
                ? String.join(".", ParseTrees.qualifiedName(fnCtx.qualifiedName())) : fnCtx.getText();
        String lower = name.toLowerCase(Locale.ROOT);
        if (f instanceof StarFunctionCallContext) {
            if (!lower.equals("count")) {
                throw new SqlError(ErrorCode.PARSE_ERROR, "'*' is only allowed in COUNT(*)");
            }
            return SqlStdOperatorTable.COUNT.createCall(POS, SqlIdentifier.star(POS));
        }
        SimpleFunctionCallContext call = (SimpleFunctionCallContext) f;
        boolean distinct = call.setQuantifier() != null && call.setQuantifier().DISTINCT() != null;
        if ((call.ORDER() != null || call.SEPARATOR() != null) && !lower.equals("group_concat")) {
            throw new SqlError(ErrorCode.PARSE_ERROR, (call.ORDER() != null ? "ORDER BY" : "SEPARATOR")
                    + " inside a function call is only allowed in GROUP_CONCAT");
        }
        if (call.ORDER() != null) {
            // GROUP_CONCAT(... ORDER BY ...): the keys and their directions travel as operands (GroupConcatOrder)
            List<SqlNode> operands = new ArrayList<>();
            for (ExpressionContext a : call.expression()) {
                operands.add(expr(a));
            }
            operands = call.SEPARATOR() != null ? new ArrayList<>(operands)
                    : new ArrayList<>(StarRocksAggFunctions.groupConcatOperands(operands));
            if (call.SEPARATOR() != null) {
                operands.add(charString(ParseTrees.string(call.separator)));
            }
            List<GroupConcatOrder.Key> keys = new ArrayList<>();
            for (SortItemContext s : call.sortItem()) {
                keys.add(new GroupConcatOrder.Key(expr(s.expression()),
                        s.ordering != null && s.ordering.getType() == StarRocksParser.DESC,
                        s.nullOrdering == null ? null : s.nullOrdering.getType() == StarRocksParser.FIRST));
            }
            return StarRocksAggFunctions.operator("group_concat").createCall(
                    distinct ? SqlSelectKeyword.DISTINCT.symbol(POS) : null, POS,
                    GroupConcatOrder.operands(operands, keys).toArray(new SqlNode[0]));
        }
        if (call.SEPARATOR() != null) {
            // GROUP_CONCAT(x [, y ...] SEPARATOR 's'): the separator travels as the last operand
            List<SqlNode> operands = new ArrayList<>();
            for (ExpressionContext a : call.expression()) {
                operands.add(expr(a));
            }
            operands.add(charString(ParseTrees.string(call.separator)));
            return StarRocksAggFunctions.operator("group_concat").createCall(
                    distinct ? SqlSelectKeyword.DISTINCT.symbol(POS) : null, POS, operands.toArray(new SqlNode[0]));
        }
        List<ExpressionContext> argCtx = call.expression();
        SqlNode folded = sessionFunction(lower, argCtx.size());
        if (folded != null) {
            return folded;
        }
        List<SqlNode> args = new ArrayList<>();
        if ((lower.equals("date_add") || lower.equals("date_sub") || lower.equals("adddate")
                || lower.equals("subdate")) && argCtx.size() == 2) {
            IntervalLiteralContext interval = intervalOfExpr(argCtx.get(1));
            if (interval != null) {
                boolean minus = lower.equals("date_sub") || lower.equals("subdate");
                String unit = interval.unit.getText().toUpperCase(Locale.ROOT);
                SqlNode base = expr(argCtx.get(0));
                SqlNode amount = expr(interval.value);
                Long n = integerValue(amount);
                if (n != null && (base instanceof org.apache.calcite.sql.SqlDateLiteral
                        || base instanceof org.apache.calcite.sql.SqlTimestampLiteral)) {
                    return foldDateArithmetic((SqlLiteral) base, minus ? -n : n, unit);
                }
                return function(minus ? "date_sub" : "date_add",
                        List.of(base, amount, SqlLiteral.createCharString(unit, POS)), false);
            }
        }
        for (ExpressionContext a : argCtx) {
            args.add(expr(a));
        }
        args = TypedNullArguments.apply(lower, args);
        return function(lower, args, distinct);
    }

    private static IntervalLiteralContext intervalOfExpr(ExpressionContext e)
    {
        if (e instanceof PredicateExpressionContext pe && pe.predicate() instanceof ValuePredicateContext vp) {
            return intervalOf(vp.valueExpression());
        }
        return null;
    }

    /** Functions whose value is fixed for the statement: folded to literals here. Null if {@code name} is not one. */
    private SqlNode sessionFunction(String name, int argCount) throws SqlError
    {
        if (argCount != 0) {
            return null;
        }
        return switch (name) {
            case "now", "current_timestamp", "localtime", "localtimestamp", "sysdate" -> timestampLiteral(ctx.queryStart());
            case "curdate", "current_date" -> dateLiteral(ctx.queryStart().toLocalDate().toString());
            case "database", "schema" -> ctx.currentDb().isEmpty() ? SqlStdOperatorTable.CAST.createCall(POS,
                    SqlLiteral.createNull(POS), varcharSpec(64)) : charString(ctx.currentDb());
            case "user", "session_user", "system_user" -> charString(sessionUser() + "@" + sessionHost());
            case "current_user" -> charString(currentUser());
            case "version" -> charString("8.0.33");
            case "connection_id" -> SqlLiteral.createExactNumeric(
                    Long.toString(ctx.session() == null ? 0 : ctx.session().connectionId()), POS);
            case "last_insert_id" -> SqlLiteral.createExactNumeric("0", POS);
            default -> null;
        };
    }

    private String sessionUser()
    {
        return ctx.session() == null ? "root" : ctx.session().user();
    }

    private String sessionHost()
    {
        return ctx.session() == null || ctx.session().remoteHost() == null ? "localhost" : ctx.session().remoteHost();
    }

    private String currentUser()
    {
        return "'" + sessionUser() + "'@'%'";
    }

    private static SqlNode function(String name, List<SqlNode> args, boolean distinct)
    {
        if (name.equals("trim") && (args.size() == 1 || args.size() == 2)) {
            // StarRocks trim(s[, chars]) is Calcite's TRIM(BOTH chars FROM s); Calcite's TRIM takes exactly 3 operands
            return SqlStdOperatorTable.TRIM.createCall(POS, org.apache.calcite.sql.fun.SqlTrimFunction.Flag.BOTH.symbol(POS),
                    args.size() == 2 ? args.get(1) : charString(" "), args.get(0));
        }
        SqlOperator agg = StarRocksAggFunctions.operator(name);
        if (agg != null) {
            // StarRocks aggregates (and MySQL's population VARIANCE/STDDEV); GROUP_CONCAT gets its separator last
            List<SqlNode> operands = name.equals("group_concat") ? StarRocksAggFunctions.groupConcatOperands(args) : args;
            return agg.createCall(distinct ? SqlSelectKeyword.DISTINCT.symbol(POS) : null, POS, operands.toArray(new SqlNode[0]));
        }
        name = StarRocksOperatorTable.rename(name);
        SqlOperator op = switch (name) {
            case "count" -> SqlStdOperatorTable.COUNT;
            case "sum" -> SqlStdOperatorTable.SUM;
            case "min" -> SqlStdOperatorTable.MIN;
            case "max" -> SqlStdOperatorTable.MAX;
            case "avg" -> SqlStdOperatorTable.AVG;
            case "coalesce" -> SqlStdOperatorTable.COALESCE;
            case "nullif" -> SqlStdOperatorTable.NULLIF;
            default -> new SqlUnresolvedFunction(new SqlIdentifier(name.toUpperCase(Locale.ROOT), POS), null, null,
                    null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
        };
        SqlLiteral qualifier = distinct ? SqlSelectKeyword.DISTINCT.symbol(POS) : null;
        return op.createCall(qualifier, POS, args.toArray(new SqlNode[0]));
    }

    private SqlNode variable(VariableContext v) throws SqlError
    {
        if (v instanceof UserVariableContext u) {
            // The session's value as a typed literal; an unset user variable is NULL in MySQL.
            Object value = ctx.session() == null ? null : ctx.session().userVariable(ParseTrees.identifierOrString(u.name));
            return switch (value) {
                case null -> SqlLiteral.createNull(POS);
                case Long l -> SqlLiteral.createExactNumeric(l.toString(), POS);
                case java.math.BigDecimal d -> SqlLiteral.createExactNumeric(d.toPlainString(), POS);
                case Double d -> SqlLiteral.createApproxNumeric(java.math.BigDecimal.valueOf(d).toString(), POS);
                default -> charString(value.toString());
            };
        }
        SystemVariableContext sv = (SystemVariableContext) v;
        String name = ParseTrees.identifier(sv.name);
        String value = ctx.session() == null ? null : ctx.session().variables().get(name);
        if (value == null) {
            throw new SqlError(ErrorCode.UNKNOWN_SYSTEM_VARIABLE, name);
        }
        if (ctx.session().variables().isNull(name)) {
            // e.g. character_set_results after SET ... = NULL (MySQL 8's default): SQL NULL, typed as text.
            return SqlStdOperatorTable.CAST.createCall(POS, SqlLiteral.createNull(POS), varcharSpec(64));
        }
        if (value.matches("-?\\d{1,18}")) {
            return SqlLiteral.createExactNumeric(value, POS);
        }
        return charString(value);
    }

    private static SqlNode number(NumberContext n)
    {
        String text = n.getText();
        if (n instanceof DoubleLiteralContext) {
            return SqlLiteral.createApproxNumeric(text, POS);
        }
        if (n instanceof IntegerLiteralContext && text.length() > 38) {
            // Beyond DECIMAL(38): only LARGEINT holds it (up to 39 digits), and Calcite has no such type. Kept as a
            // string literal; assigning it to a LARGEINT column or casting it converts it exactly on the BE.
            return charString(text);
        }
        if (n instanceof IntegerLiteralContext && text.length() > 18) {
            // Beyond BIGINT: an exact DECIMAL, as MySQL does for long integer literals.
            return SqlLiteral.createExactNumeric(text + ".", POS);
        }
        return SqlLiteral.createExactNumeric(text, POS);
    }

    static SqlNode charString(String s)
    {
        return SqlLiteral.createCharString(s, "UTF8", POS);
    }

    private static SqlNode dateLiteral(String text) throws SqlError
    {
        try {
            LocalDate d = LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            return SqlLiteral.createDate(new DateString(d.toString()), POS);
        }
        catch (DateTimeParseException e) {
            throw new SqlError(ErrorCode.INTERNAL, "Incorrect date value: '" + text + "'");
        }
    }

    private static LocalDateTime parseDateTime(String text) throws SqlError
    {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay();
            }
            return LocalDateTime.parse(text.replace(' ', 'T'));
        }
        catch (DateTimeParseException e) {
            throw new SqlError(ErrorCode.INTERNAL, "Incorrect datetime value: '" + text + "'");
        }
    }

    private static SqlNode timestampLiteral(LocalDateTime t)
    {
        return SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP,
                new TimestampString(t.withNano(0).format(DATETIME)), 0, POS);
    }

    private SqlNodeList expressions(List<ExpressionContext> list) throws SqlError
    {
        List<SqlNode> out = new ArrayList<>(list.size());
        for (ExpressionContext e : list) {
            out.add(expr(e));
        }
        return new SqlNodeList(out, POS);
    }

    private static SqlNodeList identifiers(List<IdentifierContext> ids)
    {
        List<SqlNode> out = new ArrayList<>(ids.size());
        for (IdentifierContext id : ids) {
            out.add(new SqlIdentifier(ParseTrees.identifier(id), POS));
        }
        return new SqlNodeList(out, POS);
    }

    // ------------------------------------------------------------------------------------------ types

    private static SqlDataTypeSpec varcharSpec(int length)
    {
        return new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, length, POS), POS);
    }

    static SqlDataTypeSpec typeSpec(TypeContext t) throws SqlError
    {
        SqlBasicTypeNameSpec spec;
        if (t instanceof IntegerTypeContext i) {
            SqlTypeName n = switch (i.name.getType()) {
                case StarRocksParser.TINYINT -> SqlTypeName.TINYINT;
                case StarRocksParser.SMALLINT -> SqlTypeName.SMALLINT;
                case StarRocksParser.INT, StarRocksParser.INTEGER -> SqlTypeName.INTEGER;
                case StarRocksParser.BIGINT -> SqlTypeName.BIGINT;
                default -> null;
            };
            spec = n == null ? new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, 38, 0, POS)
                    : new SqlBasicTypeNameSpec(n, POS);
        }
        else if (t instanceof SimpleTypeContext s) {
            spec = switch (s.name.getType()) {
                case StarRocksParser.BOOLEAN -> new SqlBasicTypeNameSpec(SqlTypeName.BOOLEAN, POS);
                case StarRocksParser.FLOAT -> new SqlBasicTypeNameSpec(SqlTypeName.REAL, POS);
                case StarRocksParser.DOUBLE -> new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, POS);
                case StarRocksParser.DATE -> new SqlBasicTypeNameSpec(SqlTypeName.DATE, POS);
                case StarRocksParser.DATETIME, StarRocksParser.TIMESTAMP ->
                        new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, 0, POS);
                case StarRocksParser.STRING, StarRocksParser.TEXT ->
                        new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, 65533, POS);
                // sketches as TypeMapping carries them (loads cast derived columns to the column type)
                case StarRocksParser.HLL -> new SqlBasicTypeNameSpec(SqlTypeName.VARBINARY, TypeMapping.HLL_PRECISION, POS);
                case StarRocksParser.BITMAP -> new SqlBasicTypeNameSpec(SqlTypeName.VARBINARY, TypeMapping.BITMAP_PRECISION, POS);
                default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Type " + s.name.getText()
                        + " is not supported");
            };
        }
        else if (t instanceof DecimalTypeContext d) {
            int defaultPrecision = switch (d.name.getType()) {
                case StarRocksParser.DECIMAL32 -> 9;
                case StarRocksParser.DECIMAL64 -> 18;
                case StarRocksParser.DECIMAL128 -> 38;
                default -> 10;
            };
            int p = d.precision == null ? defaultPrecision : Integer.parseInt(d.precision.getText());
            int s = d.scale == null ? 0 : Integer.parseInt(d.scale.getText());
            if (p < 1 || p > 38 || s > p) {
                throw new SqlError(ErrorCode.INTERNAL, "Invalid decimal type: decimal(" + p + ", " + s + ")");
            }
            spec = new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, p, s, POS);
        }
        else if (t instanceof CharTypeContext c) {
            spec = c.length == null ? new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, 65533, POS)
                    : new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, Integer.parseInt(c.length.getText()), POS);
        }
        else if (t instanceof SignedTypeContext) {
            spec = new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, POS);
        }
        else {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Type " + t.getText() + " is not supported");
        }
        return new SqlDataTypeSpec(spec, POS);
    }

    private static SqlError notSupported(String what)
    {
        return new SqlError(ErrorCode.NOT_SUPPORTED, what + " is not supported");
    }

    /** The MySQL label of a select item written without alias: a plain column's name, else the text as written. */
    static String label(SelectSingleContext item)
    {
        if (item.alias != null) {
            return ParseTrees.identifierOrString(item.alias);
        }
        ParserRuleContext e = item.expression();
        if (e instanceof PredicateExpressionContext pe && pe.predicate() instanceof ValuePredicateContext vp
                && vp.valueExpression() instanceof PrimaryValueContext pv) {
            if (pv.primaryExpression() instanceof ColumnReferenceContext c) {
                List<String> parts = ParseTrees.qualifiedName(c.qualifiedName());
                return parts.get(parts.size() - 1);
            }
            if (pv.primaryExpression() instanceof StringLiteralContext s) {
                return ParseTrees.string(s.string(0));
            }
        }
        return ParseTrees.originalText(e);
    }
}
