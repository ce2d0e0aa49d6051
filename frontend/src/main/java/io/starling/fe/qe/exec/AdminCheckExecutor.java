package io.starling.fe.qe.exec;

import io.starling.fe.catalog.Catalog;
import io.starling.fe.catalog.OlapTable;
import io.starling.fe.catalog.PrimaryIndexProperty;
import io.starling.fe.meta.ShowStatements;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.PkCheckProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The consistency check statements, run synchronously on the BE's tablets (io.starling.storage.check):
 *
 * <ul>
 *   <li>{@code ADMIN CHECK TABLET (id, ...) PROPERTIES ("type" = "consistency")} — StarRocks' statement. StarRocks
 *       runs it asynchronously and reports through {@code SHOW PROC "/statistic"}; Starling checks at once and answers
 *       with the problems found.
 *   <li>{@code ADMIN CHECK TABLE [db.]t [, ...]} — a Starling statement (TiDB has one of that name): every tablet of
 *       the tables.
 * </ul>
 *
 * The answer has one row per problem, {@code TabletId, Problem, File, Detail}; an empty result means consistent.
 * Other ADMIN statements are refused with 1235 as before.
 */
final class AdminCheckExecutor
{
    static final List<String> COLUMNS = List.of("TabletId", "Problem", "File", "Detail");
    private static final Pattern CHECK_TABLET = Pattern.compile(
            "\\s*ADMIN\\s+CHECK\\s+TABLET\\s*\\(([^)]*)\\)\\s*(?:PROPERTIES\\s*\\((.*)\\))?\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CHECK_TABLE = Pattern.compile("\\s*ADMIN\\s+CHECK\\s+TABLE\\s+(.+?)\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("[\"']([^\"']*)[\"']\\s*=\\s*[\"']([^\"']*)[\"']");

    private final Catalog catalog;

    AdminCheckExecutor(Catalog catalog)
    {
        this.catalog = catalog;
    }

    QueryResult execute(Session session, StarRocksParser.AdminStatementContext a) throws SqlError
    {
        String sql = ParseTrees.originalText(a);
        Matcher m = CHECK_TABLET.matcher(sql);
        if (m.matches()) {
            return check(tabletIds(m.group(1)), type(m.group(2)));
        }
        m = CHECK_TABLE.matcher(sql);
        if (m.matches()) {
            List<Long> ids = new ArrayList<>();
            for (String name : m.group(1).split(",")) {
                ids.addAll(PrimaryIndexProperty.tabletIds(table(session, name.trim())));
            }
            return check(ids, "consistency");
        }
        throw new SqlError(ErrorCode.NOT_SUPPORTED, "Statement not supported yet: " + sql
                + " (supported ADMIN statements: ADMIN CHECK TABLET (id, ...) PROPERTIES (\"type\" = \"consistency\"), ADMIN CHECK TABLE t)");
    }

    private QueryResult check(List<Long> ids, String type) throws SqlError
    {
        if (!type.equals("consistency")) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "ADMIN CHECK TABLET type '" + type + "' is not supported (only consistency)");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (PkCheckProblem p : catalog.backend().checkTablets(ids)) {
            rows.add(List.of(String.valueOf(p.getTabletId()), p.getKind(), p.getFile(), p.getDetail()));
        }
        return ShowStatements.rows(COLUMNS, rows);
    }

    private static List<Long> tabletIds(String list) throws SqlError
    {
        List<Long> ids = new ArrayList<>();
        for (String s : list.split(",")) {
            try {
                ids.add(Long.parseLong(s.trim()));
            }
            catch (NumberFormatException e) {
                throw new SqlError(ErrorCode.PARSE_ERROR, "ADMIN CHECK TABLET expects tablet ids, got '" + s.trim() + "'");
            }
        }
        return ids;
    }

    private static String type(String properties) throws SqlError
    {
        Map<String, String> props = new LinkedHashMap<>();
        if (properties != null) {
            Matcher m = PROPERTY.matcher(properties);
            while (m.find()) {
                props.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
            }
        }
        String type = props.get("type");
        if (type == null) {
            throw new SqlError(ErrorCode.WRONG_ARGUMENTS, "ADMIN CHECK TABLET needs PROPERTIES (\"type\" = \"consistency\")");
        }
        return type.toLowerCase(Locale.ROOT);
    }

    private OlapTable table(Session session, String qualified) throws SqlError
    {
        List<String> parts = new ArrayList<>();
        for (String p : qualified.split("\\.")) {
            String t = p.trim();
            parts.add(t.length() >= 2 && t.startsWith("`") && t.endsWith("`") ? ParseTrees.unquote(t) : t);
        }
        String db = StarlingStatementExecutor.dbOf(session, parts);
        String name = parts.getLast();
        if (catalog.getDatabase(db) == null) {
            throw new SqlError(ErrorCode.BAD_DB, db);
        }
        OlapTable t = catalog.getTable(db, name);
        if (t == null) {
            throw new SqlError(ErrorCode.NO_SUCH_TABLE, db + "." + name);
        }
        return t;
    }
}
