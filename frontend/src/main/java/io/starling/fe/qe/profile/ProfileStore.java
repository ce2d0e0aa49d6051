package io.starling.fe.qe.profile;

import io.starling.fe.meta.ShowStatements;
import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.planner.PlannedQuery;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SqlError;
import io.starling.rpc.proto.PlanFragment;
import io.starling.rpc.service.FragmentHandle;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The profiles of recent queries run with {@code enable_profile = true}, newest first: what SHOW PROFILELIST lists
 * and ANALYZE PROFILE prints. Bounded ({@link #CAPACITY} entries, StarRocks' default
 * {@code profile_info_reserved_num}); the oldest profile is dropped first. In memory only, as in StarRocks (profiles
 * do not survive a restart). Thread-safe.
 */
public final class ProfileStore
{
    /** Profiles kept: StarRocks' default profile_info_reserved_num. */
    public static final int CAPACITY = 500;
    /** SHOW PROFILELIST's columns, as StarRocks names them. */
    public static final List<String> LIST_COLUMNS = List.of("QueryId", "StartTime", "Time", "State", "Statement");
    /** Statement text shown by SHOW PROFILELIST before it is cut with " ..." (StarRocks shortens long ones too). */
    static final int STATEMENT_CHARS = 128;
    /** ANALYZE PROFILE's single column (EXPLAIN's). */
    public static final List<String> ANALYZE_COLUMNS = List.of("Explain String");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * One finished (or failed) query.
     *
     * @param state      Finished or Error (StarRocks' states; running queries are not listed here)
     * @param operators  the per-operator profile EXPLAIN ANALYZE prints (rows, batches, time, memory), one line each
     */
    public record QueryProfile(String queryId, long startMillis, long durationMillis, String state, String statement,
            String user, String database, String plan, String operators, String error)
    {
    }

    private final int capacity;
    private final Deque<QueryProfile> profiles = new ArrayDeque<>();

    public ProfileStore()
    {
        this(CAPACITY);
    }

    ProfileStore(int capacity)
    {
        this.capacity = capacity;
    }

    public synchronized void add(QueryProfile p)
    {
        profiles.addFirst(p);
        while (profiles.size() > capacity) {
            profiles.removeLast();
        }
    }

    /**
     * The profile of a fragment that just ended, before its handle is closed: the plan as EXPLAIN prints it and the
     * per-operator profile EXPLAIN ANALYZE prints (rows, batches, time, peak memory; scan pruning counters).
     */
    public static QueryProfile capture(Session session, PlanFragment fragment, FragmentHandle handle, long startMillis,
            String error)
    {
        String operators;
        try {
            operators = handle.profile();
        }
        catch (RuntimeException e) {
            operators = "profile unavailable: " + e.getMessage();
        }
        String plan = new PlannedQuery(fragment.getRoot(), List.of()).explain();
        return new QueryProfile(fragment.getQueryId(), startMillis, System.currentTimeMillis() - startMillis,
                error == null ? "Finished" : "Error", session.currentSql(), session.user(), session.currentDb(), plan,
                operators, error);
    }

    /** The newest {@code limit} profiles (all for a negative limit), newest first. */
    public synchronized List<QueryProfile> recent(long limit)
    {
        List<QueryProfile> out = new ArrayList<>();
        Iterator<QueryProfile> it = profiles.iterator();
        while (it.hasNext() && (limit < 0 || out.size() < limit)) {
            out.add(it.next());
        }
        return out;
    }

    /** The profile of a query id, or null. */
    public synchronized QueryProfile get(String queryId)
    {
        for (QueryProfile p : profiles) {
            if (p.queryId().equals(queryId)) {
                return p;
            }
        }
        return null;
    }

    /** ANALYZE PROFILE FROM 'query_id'[, plan_node_id, ...]: one "Explain String" row per line of {@link #render}. */
    public static QueryResult analyze(ProfileStore store, StarRocksParser.AnalyzeProfileStatementContext a)
            throws SqlError
    {
        String id = ParseTrees.string(a.queryId);
        QueryProfile p = store.get(id);
        if (p == null) {
            throw new SqlError(ErrorCode.INTERNAL, "Query profile of query id '" + id + "' does not exist: profiles "
                    + "are kept for recent queries run with enable_profile = true (see SHOW PROFILELIST)");
        }
        List<Integer> nodes = new ArrayList<>();
        for (TerminalNode n : a.INTEGER_VALUE()) {
            nodes.add(Integer.parseInt(n.getText()));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String l : render(p, nodes)) {
            rows.add(List.of(l));
        }
        return ShowStatements.rows(ANALYZE_COLUMNS, rows);
    }

    /** SHOW PROFILELIST rows: QueryId, StartTime, Time ("21ms"), State, Statement (one line, shortened). */
    public List<List<Object>> listRows(long limit)
    {
        List<List<Object>> rows = new ArrayList<>();
        for (QueryProfile p : recent(limit)) {
            rows.add(List.of(p.queryId(), TIME.format(Instant.ofEpochMilli(p.startMillis()).atZone(ZoneId.systemDefault())),
                    p.durationMillis() + "ms", p.state(), shorten(p.statement())));
        }
        return rows;
    }

    /** StarRocks prints statements on one line, newlines escaped, long ones cut with " ...". */
    static String shorten(String statement)
    {
        String s = statement == null ? "" : statement.strip().replace("\n", "\\n");
        return s.length() <= STATEMENT_CHARS ? s : s.substring(0, STATEMENT_CHARS) + " ...";
    }

    /**
     * ANALYZE PROFILE's text: a summary (query id, start, duration, state, statement, user, database), then the plan
     * tree as EXPLAIN prints it with each node's operators and their metrics (rows, batches, time, peak memory,
     * scan counters) below the node, then the operators no plan node owns (the result sink). With {@code nodeIds}
     * only those plan nodes and their operators.
     */
    public static List<String> render(QueryProfile p, List<Integer> nodeIds)
    {
        List<String> lines = new ArrayList<>();
        lines.add("Summary");
        lines.add("  QueryId: " + p.queryId());
        lines.add("  StartTime: " + TIME.format(Instant.ofEpochMilli(p.startMillis()).atZone(ZoneId.systemDefault())));
        lines.add("  Duration: " + p.durationMillis() + "ms");
        lines.add("  State: " + p.state());
        if (p.error() != null) {
            lines.add("  Error: " + p.error());
        }
        lines.add("  User: " + p.user());
        lines.add("  Database: " + p.database());
        lines.add("  Statement: " + shorten(p.statement()));
        List<String> operators = new ArrayList<>();
        for (String l : p.operators().split("\n")) {
            if (l.strip().startsWith("Fragment ")) {
                lines.add("  " + l.strip());
            }
            else if (!l.isBlank()) {
                operators.add(l.strip());
            }
        }
        lines.add("Profile");
        boolean showing = true;
        for (String l : p.plan().split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            int id = planNodeId(l);
            if (id >= 0) {
                showing = nodeIds.isEmpty() || nodeIds.contains(id);
            }
            if (!showing) {
                continue;
            }
            lines.add("  " + l);
            if (id >= 0) {
                String indent = "  " + l.substring(0, l.length() - l.stripLeading().length()) + "  | ";
                for (String op : operators) {
                    if (operatorNodeId(op) == id) {
                        lines.add(indent + op);
                    }
                }
            }
        }
        if (nodeIds.isEmpty()) {
            for (String op : operators) {
                if (operatorNodeId(op) < 0) {
                    lines.add("  " + op);
                }
            }
        }
        return lines;
    }

    /** The node id of an EXPLAIN plan line ("  2:HashJoinNode ..."), or -1 for its detail lines. */
    static int planNodeId(String line)
    {
        String s = line.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i > 0 && i < s.length() && s.charAt(i) == ':' ? Integer.parseInt(s.substring(0, i)) : -1;
    }

    /** The plan node of a profile operator line ("HASH_JOIN_BUILD (id=2): ..."), or -1 (result sink). */
    static int operatorNodeId(String line)
    {
        int at = line.indexOf("(id=");
        if (at < 0) {
            return -1;
        }
        int i = at + 4;
        int j = i;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            j++;
        }
        return j > i ? Integer.parseInt(line.substring(i, j)) : -1;
    }
}
