package io.starling.fe.qe.exec;

import io.starling.fe.analysis.ConstantEvaluator;
import io.starling.fe.analysis.CreateTableAnalyzer;
import io.starling.fe.auth.UserStore;
import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.Database;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.SystemTables;
import io.starling.fe.meta.Charsets;
import io.starling.fe.meta.CreateTableFormatter;
import io.starling.fe.meta.MetaRows;
import io.starling.fe.meta.ShowStatements;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.SqlParser;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionRegistry;
import io.starling.fe.qe.SessionVariables;
import io.starling.fe.qe.SqlError;
import io.starling.fe.qe.StatementExecutor;
import io.starling.fe.txn.TransactionManager;
import io.starling.fe.txn.TransactionState;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.starling.fe.meta.InformationSchema.row;

/**
 * The statement layer: parses one statement and runs it against the catalog (DDL, SHOW, SET, users, sessions) or
 * the BE (SELECT, INSERT through {@link QueryCoordinator} and {@link InsertExecutor}). Thread-safe: it keeps no
 * per-statement state; catalog changes are serialised by the edit log.
 *
 * <p>Accepted and ignored, as documented in the module README: GRANT/REVOKE (no privilege system yet),
 * transaction statements (BEGIN/COMMIT/ROLLBACK only track {@link Session#inTransaction()}: every statement
 * commits on its own), and SET of the client "noise" variables in {@link #ACCEPTED_UNKNOWN_VARIABLES}.
 */
public final class StarlingStatementExecutor implements StatementExecutor
{
    /**
     * Variables clients set that Starling does not model; SET of them succeeds and is remembered for SELECT @@x
     * (MySQL would know them; StarRocks answers 1193 for some, which breaks drivers).
     */
    static final Set<String> ACCEPTED_UNKNOWN_VARIABLES = Set.of("sql_select_limit", "net_write_timeout",
            "net_read_timeout", "character_set_results", "character_set_client", "character_set_connection",
            "collation_connection", "session_track_system_variables", "transaction_isolation", "tx_isolation",
            "transaction_read_only", "tx_read_only", "time_zone", "sql_mode", "sql_safe_updates", "wait_timeout",
            "interactive_timeout", "max_execution_time", "sql_auto_is_null", "names", "foreign_key_checks",
            "unique_checks", "group_concat_max_len", "pipeline_dop", "sql_quote_show_create", "net_buffer_length",
            "exec_mem_limit", "enable_profile", "insert_max_filter_ratio", "character_set_server", "collation_server",
            "collation_database", "character_set_database", "default_storage_engine", "long_query_time",
            "autocommit", "query_mem_limit", "query_timeout", "max_allowed_packet", "lower_case_table_names",
            InsertOverwriteExecutor.DYNAMIC_OVERWRITE);

    private final Catalog catalog;
    private final TransactionManager txns;
    private final UserStore users;
    private final SessionRegistry registry;
    private final QueryPlanning planning;
    private final QueryCoordinator coordinator;
    private final InsertExecutor inserts;
    private final DmlExecutor dml;
    private final ViewExecutor views;
    /** Index DDL and ALTER TABLE (IndexExecutor). */
    private final IndexExecutor indexes;
    private final InsertOverwriteExecutor overwrites;
    private final ExplainExecutor explains;
    /** ANALYZE TABLE and the statistics statements (io.starling.fe.stats). */
    private final io.starling.fe.stats.StatsExecutor stats;
    private final SystemTables systemTables;

    public StarlingStatementExecutor(Catalog catalog, TransactionManager txns, UserStore users, SessionRegistry registry,
            QueryPlanning planning, QueryCoordinator coordinator, SystemTables systemTables)
    {
        this.catalog = catalog;
        this.txns = txns;
        this.users = users;
        this.registry = registry;
        this.planning = planning;
        this.coordinator = coordinator;
        this.systemTables = systemTables;
        this.inserts = new InsertExecutor(catalog, txns, planning, coordinator);
        this.dml = new DmlExecutor(catalog, txns, planning, coordinator);
        this.views = new ViewExecutor(catalog, planning);
        this.indexes = new IndexExecutor(catalog, this::execute);
        this.overwrites = new InsertOverwriteExecutor(catalog, txns, planning, coordinator);
        this.explains = new ExplainExecutor(catalog, planning, overwrites);
        this.stats = new io.starling.fe.stats.StatsExecutor(catalog,
                (sess, sql) -> MetaRows.drain(((QueryResult.Rows) execute(sess, sql)).rows()));
    }

    /**
     * SHOW FUNCTION|PROCEDURE STATUS (Connector/J's getProcedures/getFunctions without information_schema). Starling
     * has no stored routines, so the answer is always MySQL's empty result; matched before parsing because the
     * grammar has no FUNCTION/PROCEDURE keywords and adding them for an empty answer is not worth the ambiguity.
     */
    private static final Pattern SHOW_ROUTINE_STATUS = Pattern.compile("\\s*SHOW\\s+(FUNCTION|PROCEDURE)\\s+STATUS\\b.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    static final List<String> ROUTINE_STATUS_COLUMNS = List.of("Db", "Name", "Type", "Definer", "Modified", "Created",
            "Security_type", "Comment", "character_set_client", "collation_connection", "Database Collation");

    @Override
    public QueryResult execute(Session session, String sql) throws SqlError
    {
        if (SHOW_ROUTINE_STATUS.matcher(sql).matches()) {
            return ShowStatements.rows(ROUTINE_STATUS_COLUMNS, List.of());
        }
        StarRocksParser.StatementContext stmt = SqlParser.parseSingle(sql).statement();
        ParseTree s = stmt.getChild(0);
        try {
            return dispatch(session, s);
        }
        catch (java.io.UncheckedIOException e) {
            throw new SqlError(ErrorCode.INTERNAL, e, e.getMessage());
        }
    }

    private QueryResult dispatch(Session session, ParseTree s) throws SqlError
    {
        return switch (s) {
            case StarRocksParser.QueryStatementContext q -> query(session, q);
            case StarRocksParser.InsertStatementContext i -> i.OVERWRITE() != null ? overwrites.overwrite(session, i)
                    : inserts.insert(session, i);
            case StarRocksParser.DeleteStatementContext d -> dml.delete(session, d);
            case StarRocksParser.UpdateStatementContext u -> dml.update(session, u);
            case StarRocksParser.ExplainStatementContext e -> explains.explain(session, e);
            case StarRocksParser.CreateViewStatementContext c -> views.create(session, c);
            case StarRocksParser.AlterViewStatementContext a -> views.alter(session, a);
            case StarRocksParser.DropViewStatementContext d -> views.drop(session, d);
            case StarRocksParser.CreateIndexStatementContext c -> indexes.createIndex(session, c);
            case StarRocksParser.DropIndexStatementContext d -> indexes.dropIndex(session, d);
            case StarRocksParser.AlterTableStatementContext a when CompactionStatements.isCompact(a) ->
                    CompactionStatements.compact(a, table(session, a.name), coordinator.backend());
            case StarRocksParser.AlterTableStatementContext a -> indexes.alterTable(session, a);
            case StarRocksParser.CreateDatabaseStatementContext c -> {
                catalog.createDatabase(last(c.name), c.ifNotExists() != null);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.DropDatabaseStatementContext d -> {
                catalog.dropDatabase(last(d.name), d.ifExists() != null);
                if (last(d.name).equals(session.currentDb())) {
                    session.setCurrentDb("");
                }
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.UseStatementContext u -> {
                String db = last(u.name);
                Database d = catalog.getDatabase(db);
                if (d == null) {
                    throw new SqlError(ErrorCode.BAD_DB, db);
                }
                session.setCurrentDb(d.name());
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.CreateTableStatementContext c -> {
                CreateTableAnalyzer.Result r = CreateTableAnalyzer.analyze(c);
                String db = r.database() != null ? r.database() : currentDb(session);
                catalog.createTable(db, r.definition(), r.ifNotExists());
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.DropTableStatementContext d -> {
                List<String> n = ParseTrees.qualifiedName(d.name);
                catalog.dropTable(dbOf(session, n), n.get(n.size() - 1), d.ifExists() != null);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.TruncateTableStatementContext t -> {
                if (t.partitionNames() != null) {
                    throw new SqlError(ErrorCode.NOT_SUPPORTED, "TRUNCATE TABLE ... PARTITION is not supported yet");
                }
                List<String> n = ParseTrees.qualifiedName(t.name);
                catalog.truncateTable(dbOf(session, n), n.get(n.size() - 1));
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.DescribeStatementContext d -> {
                if (views.find(session, d.table, null) instanceof io.starling.fe.catalog.View v) {
                    yield ViewExecutor.describe(v);
                }
                OlapTable t = table(session, d.table);
                yield ShowStatements.rows(ShowStatements.DESCRIBE_COLUMNS, ShowStatements.describe(t));
            }
            case StarRocksParser.ShowDatabasesStatementContext sd -> filtered(session, List.of("Database"),
                    ShowStatements.databases(catalog), sd.likeOrWhere());
            case StarRocksParser.ShowTablesStatementContext st -> {
                String db = st.db != null ? last(st.db) : currentDb(session);
                if (catalog.getDatabase(db) == null) {
                    throw new SqlError(ErrorCode.BAD_DB, db);
                }
                List<String> header = st.FULL() != null ? List.of("Tables_in_" + db, "Table_type")
                        : List.of("Tables_in_" + db);
                List<List<Object>> rows = ShowStatements.tables(catalog, db, st.FULL() != null);
                if (SystemTables.DATABASE.equalsIgnoreCase(db)) {
                    for (String n : systemTables.tableNames()) {
                        rows.add(st.FULL() != null ? row(n.toLowerCase(Locale.ROOT), "SYSTEM VIEW")
                                : row(n.toLowerCase(Locale.ROOT)));
                    }
                }
                yield filtered(session, header, rows, st.likeOrWhere());
            }
            case StarRocksParser.ShowColumnsStatementContext sc -> {
                boolean full = sc.FULL() != null;
                if (views.find(session, sc.table, sc.db) instanceof io.starling.fe.catalog.View v) {
                    yield filtered(session, ShowStatements.columnsHeader(full), io.starling.fe.meta.ViewMeta.columns(v,
                            full), sc.likeOrWhere());
                }
                OlapTable t = table(session, sc.table, sc.db);
                yield filtered(session, ShowStatements.columnsHeader(full), ShowStatements.columns(t, full),
                        sc.likeOrWhere());
            }
            case StarRocksParser.ShowCreateTableStatementContext sc -> {
                if (views.find(session, sc.name, null) instanceof io.starling.fe.catalog.View v) {
                    yield ViewExecutor.showCreate(v);
                }
                OlapTable t = table(session, sc.name);
                yield ShowStatements.rows(List.of("Table", "Create Table"),
                        List.of(row(t.name(), CreateTableFormatter.format(t))));
            }
            case StarRocksParser.ShowCreateDatabaseStatementContext sc -> {
                Database d = catalog.getDatabase(last(sc.name));
                if (d == null) {
                    throw new SqlError(ErrorCode.BAD_DB, last(sc.name));
                }
                yield ShowStatements.rows(List.of("Database", "Create Database"),
                        List.of(row(d.name(), "CREATE DATABASE `" + d.name() + "`")));
            }
            case StarRocksParser.ShowIndexStatementContext si -> {
                OlapTable t = table(session, si.table, si.db);
                yield MetaRows.of(ShowStatements.indexHeader(), ShowStatements.index(t));
            }
            case StarRocksParser.ShowTableStatusStatementContext ts -> {
                String db = ts.db != null ? last(ts.db) : currentDb(session);
                if (catalog.getDatabase(db) == null) {
                    throw new SqlError(ErrorCode.BAD_DB, db);
                }
                yield filtered(session, ShowStatements.TABLE_STATUS_COLUMNS, ShowStatements.tableStatus(catalog, db),
                        ts.likeOrWhere());
            }
            case StarRocksParser.ShowVariablesStatementContext sv -> filtered(session, List.of("Variable_name", "Value"),
                    ShowStatements.variables(session.variables().snapshot()), sv.likeOrWhere());
            case StarRocksParser.ShowStatusStatementContext ss -> filtered(session, List.of("Variable_name", "Value"),
                    status(), ss.likeOrWhere());
            case StarRocksParser.ShowCollationStatementContext sc -> {
                List<List<Object>> rows = new ArrayList<>();
                for (Charsets.Collation c : Charsets.COLLATIONS) {
                    rows.add(row(c.name(), c.charset(), String.valueOf(c.id()), c.isDefault() ? "Yes" : "", "Yes",
                            String.valueOf(c.sortLen()), c.pad()));
                }
                yield filtered(session, List.of("Collation", "Charset", "Id", "Default", "Compiled", "Sortlen",
                        "Pad_attribute"), rows, sc.likeOrWhere());
            }
            case StarRocksParser.ShowCharsetStatementContext sc -> {
                List<List<Object>> rows = new ArrayList<>();
                for (Charsets.Charset c : Charsets.CHARSETS) {
                    rows.add(row(c.name(), c.description(), c.defaultCollation(), String.valueOf(c.maxLen())));
                }
                yield filtered(session, List.of("Charset", "Description", "Default collation", "Maxlen"), rows,
                        sc.likeOrWhere());
            }
            case StarRocksParser.ShowEnginesStatementContext se -> filtered(session,
                    List.of("Engine", "Support", "Comment", "Transactions", "XA", "Savepoints"),
                    List.of(row("OLAP", "DEFAULT", "Default storage engine of StarRocks", "YES", "NO", "NO")),
                    se.likeOrWhere());
            case StarRocksParser.ShowPluginsStatementContext sp -> ShowStatements.rows(
                    List.of("Name", "Status", "Type", "Library", "License"), List.of());
            case StarRocksParser.ShowPrivilegesStatementContext sp -> ShowStatements.rows(
                    List.of("Privilege", "Context", "Comment"), List.of());
            case StarRocksParser.ShowGrantsStatementContext sg -> {
                String user = sg.userIdentity() == null ? session.user() : ParseTrees.identifierOrString(sg.userIdentity().user);
                String ident = "'" + user + "'@'%'";
                String grants = UserStore.ROOT.equals(user) ? "GRANT root, cluster_admin TO " + ident
                        : "GRANT public TO " + ident;
                yield ShowStatements.rows(List.of("UserIdentity", "Catalog", "Grants"), List.of(row(ident, null, grants)));
            }
            case StarRocksParser.ShowWarningsStatementContext sw -> ShowStatements.rows(List.of("Level", "Code", "Message"),
                    List.of());
            case StarRocksParser.ShowErrorsStatementContext se -> ShowStatements.rows(List.of("Level", "Code", "Message"),
                    List.of());
            case StarRocksParser.ShowProcesslistStatementContext sp -> MetaRows.of(ShowStatements.processHeader(),
                    ShowStatements.processRows(registry == null ? List.of(session) : registry.sessions(), sp.FULL() != null));
            case StarRocksParser.ShowPartitionsStatementContext sp -> {
                OlapTable t = table(session, sp.table);
                yield ShowStatements.rows(ShowStatements.PARTITION_COLUMNS, ShowStatements.partitions(t));
            }
            case StarRocksParser.ShowTabletsFromTableContext st -> {
                OlapTable t = table(session, st.table);
                List<String> parts = new ArrayList<>();
                if (st.partitionNames() != null) {
                    for (StarRocksParser.IdentifierContext i : st.partitionNames().identifier()) {
                        parts.add(ParseTrees.identifier(i));
                    }
                }
                yield ShowStatements.rows(ShowStatements.TABLET_COLUMNS, CompactionStatements.tablets(t, parts, coordinator.backend()));
            }
            case StarRocksParser.ShowLoadStatementContext sl -> {
                String db = sl.db != null ? ParseTrees.identifier(sl.db) : currentDb(session);
                Database d = catalog.getDatabase(db);
                if (d == null) {
                    throw new SqlError(ErrorCode.BAD_DB, db);
                }
                List<TransactionState> list = txns.list(d.id());
                yield filteredWhere(session, ShowStatements.LOAD_COLUMNS, ShowStatements.loads(list),
                        sl.whereClause() == null ? null : sl.whereClause().expression());
            }
            case StarRocksParser.ShowUsersStatementContext su -> {
                List<List<Object>> rows = new ArrayList<>();
                for (String u : users.userNames()) {
                    rows.add(row("'" + u + "'@'" + users.host(u) + "'"));
                }
                yield ShowStatements.rows(List.of("User"), rows);
            }
            case StarRocksParser.ShowRolesStatementContext sr -> ShowStatements.rows(List.of("Name", "Users", "Comment"),
                    List.of(row("root", "", "built-in root role"), row("public", "", "built-in public role")));
            case StarRocksParser.ShowFrontendsStatementContext sf -> ShowStatements.rows(ShowStatements.FRONTEND_COLUMNS,
                    ProcExecutor.frontendRows());
            case StarRocksParser.ShowBackendsStatementContext sb -> ShowStatements.rows(ShowStatements.BACKEND_COLUMNS,
                    ProcExecutor.backendRows(tabletCount()));
            case StarRocksParser.ShowComputeNodesStatementContext sc -> ShowStatements.rows(List.of("ComputeNodeId", "IP",
                    "HeartbeatPort", "BePort", "HttpPort", "BrpcPort", "Alive", "Version"), List.of());
            case StarRocksParser.ShowCatalogsStatementContext sc -> ShowStatements.rows(List.of("Catalog", "Type", "Comment"),
                    List.of(row("default_catalog", "Internal", "An internal catalog contains this cluster's self-managed tables.")));
            case StarRocksParser.ShowDataStatementContext sd -> showData(session);
            case StarRocksParser.ShowProcStatementContext sp -> new ProcExecutor(catalog, coordinator.backend())
                    .show(ParseTrees.string(sp.path));
            case StarRocksParser.ShowTabletByIdContext st -> new ProcExecutor(catalog, coordinator.backend())
                    .tabletById(st.tabletId.getText());
            case StarRocksParser.ShowTransactionStatementContext st -> ShowStatements.rows(ShowStatements.LOAD_COLUMNS,
                    ShowStatements.loads(txns.list(-1)));
            case StarRocksParser.SetStatementContext set -> {
                SetExecutor.execute(session, set, users, this::evaluate);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.KillStatementContext k -> kill(session, k);
            case StarRocksParser.BeginStatementContext b -> {
                session.setInTransaction(true);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.CommitStatementContext c -> {
                session.setInTransaction(false);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.RollbackStatementContext r -> {
                session.setInTransaction(false);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.CreateUserStatementContext cu -> {
                String user = ParseTrees.identifierOrString(cu.userIdentity().user);
                String host = cu.userIdentity().host == null ? UserStore.ANY_HOST
                        : ParseTrees.identifierOrString(cu.userIdentity().host);
                if (cu.ifNotExists() != null && users.exists(user)) {
                    yield QueryResult.Ok.EMPTY;
                }
                users.create(user, host, password(cu.authOption()));
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.DropUserStatementContext du -> {
                String user = ParseTrees.identifierOrString(du.userIdentity().user);
                if (du.ifExists() != null && !users.exists(user)) {
                    yield QueryResult.Ok.EMPTY;
                }
                users.drop(user);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.AlterUserStatementContext au -> {
                String user = ParseTrees.identifierOrString(au.userIdentity().user);
                if (au.ifExists() != null && !users.exists(user)) {
                    yield QueryResult.Ok.EMPTY;
                }
                users.setPassword(user, password(au.authOption()));
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.GrantStatementContext g -> QueryResult.Ok.EMPTY;
            case StarRocksParser.RevokeStatementContext r -> QueryResult.Ok.EMPTY;
            case StarRocksParser.AdminStatementContext a -> new AdminCheckExecutor(catalog).execute(session, a);
            case StarRocksParser.AnalyzeStatementContext a -> {
                io.starling.fe.stats.StatsExecutor.Listing l = stats.analyze(session, a);
                yield ShowStatements.rows(l.header(), l.rows());
            }
            case StarRocksParser.DropStatsStatementContext d -> {
                stats.drop(session, d);
                yield QueryResult.Ok.EMPTY;
            }
            case StarRocksParser.ShowStatsMetaStatementContext sm -> {
                io.starling.fe.stats.StatsExecutor.Listing l = stats.meta();
                yield filtered(session, l.header(), l.rows(), sm.likeOrWhere());
            }
            case StarRocksParser.ShowColumnStatsStatementContext sc -> {
                io.starling.fe.stats.StatsExecutor.Listing l = stats.columnStats(session, sc);
                yield ShowStatements.rows(l.header(), l.rows());
            }
            case StarRocksParser.ShowAnalyzeStatusStatementContext sa -> {
                io.starling.fe.stats.StatsExecutor.Listing l = stats.status();
                yield filtered(session, l.header(), l.rows(), sa.likeOrWhere());
            }
            case StarRocksParser.ShowProfilelistStatementContext sp -> ShowStatements.rows(
                    io.starling.fe.qe.profile.ProfileStore.LIST_COLUMNS, coordinator.profiles().listRows(
                            sp.limit == null ? -1 : Long.parseLong(sp.limit.getText())));
            case StarRocksParser.AnalyzeProfileStatementContext ap ->
                    io.starling.fe.qe.profile.ProfileStore.analyze(coordinator.profiles(), ap);
            default -> throw new SqlError(ErrorCode.NOT_SUPPORTED, "Statement not supported yet: "
                    + ParseTrees.originalText((org.antlr.v4.runtime.ParserRuleContext) s));
        };
    }

    // ---- queries ----

    private QueryResult query(Session session, StarRocksParser.QueryStatementContext q) throws SqlError
    {
        QueryPlanning.Planned p = planning.plan(q, session);
        return new QueryResult.Rows(p.columns(), coordinator.query(session, p.root()));
    }

    /**
     * {@code SELECT <expression>} through the planner and the BE, for SET @v = (sub-query or function): its single
     * value as a Java object (MySQL: no row is NULL, more than one row is error 1242).
     */
    private Object evaluate(Session session, StarRocksParser.ExpressionContext e) throws SqlError
    {
        // A bare scalar sub-query runs as itself: its row count is checked here, so no single-value aggregate is
        // needed in the plan.
        ParseTree t = e;
        while (t.getChildCount() == 1) {
            t = t.getChild(0);
        }
        StarRocksParser.QueryStatementContext qs;
        if (t instanceof StarRocksParser.SubqueryExpressionContext sq) {
            qs = sq.queryStatement();
        }
        else if (SqlParser.parseSingle("SELECT " + ParseTrees.originalText(e)).statement().getChild(0)
                instanceof StarRocksParser.QueryStatementContext q) {
            qs = q;
        }
        else {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "Expression not supported here: " + ParseTrees.originalText(e));
        }
        QueryResult.Rows rows = (QueryResult.Rows) query(session, qs);
        if (rows.columns().size() != 1) {
            rows.rows().close();
            throw new SqlError(ErrorCode.OPERAND_COLUMNS, 1);
        }
        List<List<Object>> values = MetaRows.drain(rows.rows());
        if (values.size() > 1) {
            throw new SqlError(ErrorCode.SUBQUERY_NO_1_ROW);
        }
        return values.isEmpty() ? null : values.get(0).get(0);
    }

    // ---- helpers ----

    private QueryResult kill(Session session, StarRocksParser.KillStatementContext k) throws SqlError
    {
        if (k.id == null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "KILL by query id is not supported; use KILL QUERY <connection id>");
        }
        long id = Long.parseLong(k.id.getText());
        Session target = registry == null ? (session.connectionId() == id ? session : null) : registry.get(id);
        if (target == null) {
            throw new SqlError(ErrorCode.NO_SUCH_THREAD, id);
        }
        if (k.QUERY() != null) {
            target.cancelRunning();
        }
        else {
            target.kill();
        }
        return QueryResult.Ok.EMPTY;
    }

    private static String password(StarRocksParser.AuthOptionContext a) throws SqlError
    {
        if (a == null) {
            return "";
        }
        if (a instanceof StarRocksParser.AuthPasswordContext p) {
            return ParseTrees.string(p.password);
        }
        StarRocksParser.AuthPluginContext p = (StarRocksParser.AuthPluginContext) a;
        if (p.BY() != null) {
            return ParseTrees.string(p.authString);
        }
        if (p.authString == null) {
            return "";
        }
        throw new SqlError(ErrorCode.NOT_SUPPORTED, "IDENTIFIED WITH ... AS '<hash>' is not supported; use BY '<password>'");
    }

    private List<List<Object>> status()
    {
        long uptime = (System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000;
        int threads = registry == null ? 1 : registry.sessions().size();
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("Threads_connected", String.valueOf(threads)));
        rows.add(row("Threads_running", "1"));
        rows.add(row("Uptime", String.valueOf(uptime)));
        return rows;
    }

    private QueryResult showData(Session session) throws SqlError
    {
        String db = currentDb(session);
        List<List<Object>> rows = new ArrayList<>();
        long total = 0;
        for (OlapTable t : catalog.tables(db)) {
            rows.add(row(t.name(), ShowStatements.humanBytes(t.dataBytes()), String.valueOf(t.partitions().stream()
                    .mapToInt(p -> p.tablets().size()).sum()), "0", String.valueOf(t.rowCount())));
            total += t.dataBytes();
        }
        rows.add(row("Total", ShowStatements.humanBytes(total), null, null, null));
        return ShowStatements.rows(List.of("TableName", "Size", "ReplicaCount", "Quota", "RowCount"), rows);
    }

    private long tabletCount()
    {
        long n = 0;
        for (Database d : catalog.databases()) {
            for (OlapTable t : catalog.tables(d.name())) {
                for (var p : t.partitions()) {
                    n += p.tablets().size();
                }
            }
        }
        return n;
    }

    /** Applies SHOW ... LIKE (first column) or WHERE (by column name) to VARCHAR-headed rows. */
    private QueryResult filtered(Session session, List<String> header, List<List<Object>> rows,
            StarRocksParser.LikeOrWhereContext lw) throws SqlError
    {
        if (lw == null) {
            return ShowStatements.rows(header, rows);
        }
        if (lw.pattern != null) {
            String pattern = ParseTrees.string(lw.pattern);
            List<List<Object>> out = new ArrayList<>();
            for (List<Object> r : rows) {
                if (ConstantEvaluator.like(r.get(0) == null ? null : String.valueOf(r.get(0)), pattern)) {
                    out.add(r);
                }
            }
            return ShowStatements.rows(header, out);
        }
        return filteredWhere(session, header, rows, lw.expression());
    }

    private QueryResult filteredWhere(Session session, List<String> header, List<List<Object>> rows,
            StarRocksParser.ExpressionContext where) throws SqlError
    {
        if (where == null) {
            return ShowStatements.rows(header, rows);
        }
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            Map<String, Object> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < header.size() && i < r.size(); i++) {
                byName.put(header.get(i), r.get(i));
            }
            Function<String, Object> names = n -> {
                String key = n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : n;
                if (!byName.containsKey(key)) {
                    throw new IllegalArgumentException(key);
                }
                return byName.get(key);
            };
            ConstantEvaluator ev = new ConstantEvaluator(v -> SetExecutor.variable(session, v), names,
                    session::userVariable);
            try {
                if (ev.test(where)) {
                    out.add(r);
                }
            }
            catch (IllegalArgumentException unknownColumn) {
                throw new SqlError(ErrorCode.BAD_FIELD, unknownColumn.getMessage(), "where clause");
            }
        }
        return ShowStatements.rows(header, out);
    }

    private OlapTable table(Session session, StarRocksParser.QualifiedNameContext name) throws SqlError
    {
        return table(session, name, null);
    }

    /** Resolves {@code [db.]table} (or table plus a separate FROM db) to an OLAP table: 1046 / 1049 / 1146. */
    private OlapTable table(Session session, StarRocksParser.QualifiedNameContext name,
            StarRocksParser.QualifiedNameContext dbName) throws SqlError
    {
        List<String> n = ParseTrees.qualifiedName(name);
        String db = dbName != null ? last(dbName) : dbOf(session, n);
        String t = n.get(n.size() - 1);
        if (catalog.getDatabase(db) == null) {
            throw new SqlError(ErrorCode.BAD_DB, db);
        }
        OlapTable table = catalog.getTable(db, t);
        if (table == null) {
            throw new SqlError(ErrorCode.NO_SUCH_TABLE, db + "." + t);
        }
        return table;
    }

    static String dbOf(Session session, List<String> qualified) throws SqlError
    {
        return qualified.size() > 1 ? qualified.get(qualified.size() - 2) : currentDb(session);
    }

    static String currentDb(Session session) throws SqlError
    {
        if (session.currentDb().isEmpty()) {
            throw new SqlError(ErrorCode.NO_DB_SELECTED);
        }
        return session.currentDb();
    }

    private static String last(StarRocksParser.QualifiedNameContext q)
    {
        List<String> n = ParseTrees.qualifiedName(q);
        return n.get(n.size() - 1);
    }

    /** For SELECT @@x and SHOW filters: the session value, or null for variables nobody set. */
    static boolean knownOrAccepted(String name)
    {
        return SessionVariables.isKnown(name) || ACCEPTED_UNKNOWN_VARIABLES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Result column helper for tests and callers. */
    static ResultColumn varchar(String name)
    {
        return MetaRows.varchar(name);
    }
}
