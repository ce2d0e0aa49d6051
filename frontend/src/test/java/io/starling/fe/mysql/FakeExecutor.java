package io.starling.fe.mysql;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.QueryResult;
import io.starling.fe.qe.ResultColumn;
import io.starling.fe.qe.RowSource;
import io.starling.fe.qe.Session;
import io.starling.fe.qe.SessionRegistry;
import io.starling.fe.qe.SqlError;
import io.starling.fe.qe.StatementExecutor;
import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small statement executor for protocol tests: answers the statements drivers send at connect time, literal
 * SELECT lists, and a few named test queries (big results, every type, errors, a slow query that honours KILL).
 */
final class FakeExecutor implements StatementExecutor
{
    static final int BIG_ROWS = 100_000;
    static final String DB = "testdb";

    private static final Pattern USE = Pattern.compile("(?is)use\\s+`?([^`]*)`?");
    private static final Pattern KILL = Pattern.compile("(?is)kill\\s+(query\\s+|connection\\s+)?(\\d+)");
    private static final Pattern VAR = Pattern.compile("(?i)@@(?:session\\.|global\\.|local\\.)?([a-z_0-9]+)(?:\\s+as\\s+`?([a-z_0-9]+)`?)?");
    private static final Pattern COMMENT = Pattern.compile("(?s)^\\s*/\\*.*?\\*/\\s*");

    private final MemoryContext memory = MemoryContext.process().newChild("fake-executor");
    private SessionRegistry registry;
    final List<String> statements = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<String> closedSources = new CopyOnWriteArrayList<>();
    volatile CountDownLatch slowStarted = new CountDownLatch(1);

    void setRegistry(SessionRegistry registry)
    {
        this.registry = registry;
    }

    @Override
    public QueryResult execute(Session session, String rawSql) throws SqlError
    {
        statements.add(rawSql);
        String sql = COMMENT.matcher(rawSql).replaceFirst("").replaceFirst("(?m)\\s--\\s[^'\\n]*$", "").strip();
        String lower = sql.toLowerCase(Locale.ROOT);
        Matcher m;
        if ((m = USE.matcher(sql)).matches()) {
            if (!m.group(1).equals(DB)) {
                throw new SqlError(ErrorCode.BAD_DB, m.group(1));
            }
            session.setCurrentDb(m.group(1));
            return QueryResult.Ok.EMPTY;
        }
        if ((m = KILL.matcher(sql)).matches()) {
            Session target = registry.get(Long.parseLong(m.group(2)));
            if (target == null) {
                throw new SqlError(ErrorCode.NO_SUCH_THREAD, Long.parseLong(m.group(2)));
            }
            if (m.group(1) != null && m.group(1).trim().equalsIgnoreCase("query")) {
                target.cancelRunning();
            }
            else {
                target.kill();
            }
            return QueryResult.Ok.EMPTY;
        }
        if (lower.startsWith("set ")) {
            if (lower.matches("set\\s+autocommit\\s*=\\s*0")) {
                session.setAutocommit(false);
            }
            else if (lower.matches("set\\s+autocommit\\s*=\\s*1")) {
                session.setAutocommit(true);
            }
            return QueryResult.Ok.EMPTY;
        }
        switch (lower) {
            case "begin", "start transaction" -> {
                session.setInTransaction(true);
                return QueryResult.Ok.EMPTY;
            }
            case "commit", "rollback" -> {
                session.setInTransaction(false);
                return QueryResult.Ok.EMPTY;
            }
            case "insert something" -> {
                return new QueryResult.Ok(3, 42, "", 0);
            }
            case "select database()" -> {
                return single("DATABASE()", session.currentDb().isEmpty() ? null : session.currentDb());
            }
            case "select connection_id()" -> {
                return rows(List.of(ResultColumn.of("CONNECTION_ID()", DataType.BIGINT)), 1,
                        (b) -> b.column(0).setLong(0, session.connectionId()));
            }
            case "show warnings" -> {
                return new QueryResult.Rows(List.of(ResultColumn.of("Level", DataType.varchar(7)),
                        ResultColumn.of("Code", DataType.INT), ResultColumn.of("Message", DataType.varchar(512))),
                        source(List.of()));
            }
            case "select big" -> {
                return big();
            }
            case "select types" -> {
                return types();
            }
            case "select error" -> {
                throw new SqlError(ErrorCode.NO_SUCH_TABLE, "nope");
            }
            case "select runtime_error" -> {
                throw new IllegalStateException("boom");
            }
            case "select midstream_error" -> {
                return midstreamError();
            }
            case "select sleep" -> {
                return slow(session);
            }
            case "select endless" -> {
                return endless();
            }
            default -> {
            }
        }
        if (lower.startsWith("show full columns from")) {
            return columns();
        }
        if (lower.startsWith("select") && sql.contains("@@")) {
            return variables(session, sql);
        }
        if (lower.startsWith("select ")) {
            return literals(sql.substring(7));
        }
        throw new SqlError(ErrorCode.PARSE_ERROR, "You have an error in your SQL syntax near '" + sql + "' at line 1");
    }

    private QueryResult single(String label, String value)
    {
        return rows(List.of(ResultColumn.of(label, DataType.varchar(64))), 1, b -> setString(b.column(0), 0, value));
    }

    private QueryResult variables(Session session, String sql) throws SqlError
    {
        String body = sql.replaceFirst("(?i)\\s+limit\\s+\\d+\\s*$", "");
        Matcher m = VAR.matcher(body);
        List<ResultColumn> cols = new ArrayList<>();
        List<String> values = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            String label = m.group(2) != null ? m.group(2) : m.group(0).replaceAll("(?i)\\s+as\\s+.*", "");
            cols.add(ResultColumn.of(label, DataType.varchar(256)));
            String v = session.variables().get(name);
            if (v == null) {
                throw new SqlError(ErrorCode.UNKNOWN_SYSTEM_VARIABLE, name);
            }
            values.add(session.variables().isNull(name) ? null : v);
        }
        return rows(cols, 1, b -> {
            for (int i = 0; i < values.size(); i++) {
                setString(b.column(i), 0, values.get(i));
            }
        });
    }

    /** "SELECT lit, lit, ..." with integers, decimals, quoted strings and NULL. */
    private QueryResult literals(String list) throws SqlError
    {
        List<String> items = splitList(list);
        List<ResultColumn> cols = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String item : items) {
            String t = item.strip();
            String label = t.length() > 64 ? t.substring(0, 64) : t;
            if (t.equalsIgnoreCase("null")) {
                cols.add(ResultColumn.of("NULL", DataType.NULL));
                values.add(null);
            }
            else if (t.matches("-?\\d{1,18}")) {
                cols.add(ResultColumn.of(label, DataType.BIGINT));
                values.add(Long.parseLong(t));
            }
            else if (t.matches("-?\\d+\\.\\d+")) {
                BigDecimal d = new BigDecimal(t);
                cols.add(ResultColumn.of(label, DataType.decimal(Math.max(d.precision(), d.scale() + 1), d.scale())));
                values.add(d);
            }
            else if (t.matches("(?s)-?[0-9.]+E[+-]?\\d+")) {
                cols.add(ResultColumn.of(label, DataType.DOUBLE));
                values.add(Double.parseDouble(t));
            }
            else if (t.startsWith("'") && t.endsWith("'") && t.length() >= 2) {
                String s = unescape(t.substring(1, t.length() - 1));
                cols.add(ResultColumn.of(s.length() > 64 ? "long" : s, DataType.varchar(Math.max(1, s.length()))));
                values.add(s);
            }
            else {
                throw new SqlError(ErrorCode.PARSE_ERROR, "cannot evaluate " + label);
            }
        }
        return rows(cols, 1, b -> {
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                ColumnVector c = b.column(i);
                switch (v) {
                    case null -> c.setNull(0, true);
                    case Long l -> c.setLong(0, l);
                    case Double d -> c.setDouble(0, d);
                    case BigDecimal d -> c.setLong(0, d.unscaledValue().longValueExact());
                    case String s -> c.setString(0, s);
                    default -> throw new IllegalStateException();
                }
            }
        });
    }

    static String unescape(String s)
    {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case '0' -> '\0';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            }
            else if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                sb.append('\'');
                i++;
            }
            else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static List<String> splitList(String s)
    {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            }
            else if (c == '\'') {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private QueryResult big()
    {
        List<ResultColumn> cols = List.of(ResultColumn.of("id", DataType.BIGINT), ResultColumn.of("name", DataType.varchar(32)));
        List<ColumnBatch> batches = new ArrayList<>();
        for (int start = 0; start < BIG_ROWS; start += ColumnBatch.MAX_ROWS) {
            int n = Math.min(ColumnBatch.MAX_ROWS, BIG_ROWS - start);
            ColumnBatch b = ColumnBatch.allocate(List.of(DataType.BIGINT, DataType.varchar(32)), memory);
            for (int i = 0; i < n; i++) {
                b.column(0).setLong(i, start + i);
                b.column(1).setString(i, "row-" + (start + i));
            }
            b.setRowCount(n);
            batches.add(b);
        }
        return new QueryResult.Rows(cols, source(batches));
    }

    static final List<ResultColumn> TYPE_COLUMNS = List.of(
            new ResultColumn("b", "b", "t", "t", DB, DataType.BOOLEAN, false, true),
            ResultColumn.of("ti", DataType.TINYINT),
            ResultColumn.of("si", DataType.SMALLINT),
            ResultColumn.of("i", DataType.INT),
            ResultColumn.of("bi", DataType.BIGINT),
            ResultColumn.of("li", DataType.LARGEINT),
            ResultColumn.of("f", DataType.FLOAT),
            ResultColumn.of("d", DataType.DOUBLE),
            ResultColumn.of("dec", DataType.decimal(15, 2)),
            ResultColumn.of("dec38", DataType.decimal(38, 10)),
            ResultColumn.of("dt", DataType.DATE),
            ResultColumn.of("dtm", DataType.DATETIME),
            ResultColumn.of("c", DataType.chr(5)),
            ResultColumn.of("v", DataType.varchar(20)),
            ResultColumn.of("n", DataType.NULL));

    static final long DATETIME_MICROS = LocalDateTime.of(2024, 2, 29, 13, 45, 6).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + 123_456;

    private QueryResult types()
    {
        List<DataType> types = TYPE_COLUMNS.stream().map(ResultColumn::type).toList();
        ColumnBatch b = ColumnBatch.allocate(types, memory);
        b.column(0).setByte(0, (byte) 1);
        b.column(1).setByte(0, (byte) -7);
        b.column(2).setShort(0, (short) 30000);
        b.column(3).setInt(0, -123456789);
        b.column(4).setLong(0, 1234567890123L);
        b.column(5).setInt128(0, 0, 1);        // 2^64
        b.column(6).setFloat(0, 1.5f);
        b.column(7).setDouble(0, 0.1);
        b.column(8).setLong(0, 1230);          // 12.30
        b.column(9).setInt128(0, -1, -1);      // -1 unscaled => -0.0000000001
        b.column(10).setInt(0, (int) LocalDate.of(2024, 2, 29).toEpochDay());
        b.column(11).setLong(0, DATETIME_MICROS);
        b.column(12).setString(0, "ab");
        b.column(13).setString(0, "héllo");
        b.column(14).setNull(0, true);
        for (int c = 0; c < types.size(); c++) {
            b.column(c).setNull(1, true);
        }
        b.setRowCount(2);
        return new QueryResult.Rows(TYPE_COLUMNS, source(List.of(b)));
    }

    private QueryResult midstreamError()
    {
        ColumnBatch b = ColumnBatch.allocate(List.of(DataType.BIGINT), memory);
        b.column(0).setLong(0, 1);
        b.setRowCount(1);
        List<ColumnBatch> first = new ArrayList<>(List.of(b));
        return new QueryResult.Rows(List.of(ResultColumn.of("x", DataType.BIGINT)), new RowSource()
        {
            @Override
            public ColumnBatch next() throws SqlError
            {
                if (!first.isEmpty()) {
                    return first.removeFirst();
                }
                throw new SqlError(ErrorCode.MEM_LIMIT_EXCEEDED, "Memory of query exceeded limit");
            }

            @Override
            public void close()
            {
                first.forEach(ColumnBatch::close);
                first.clear();
            }
        });
    }

    /** Blocks in next() until KILL QUERY (cancelRunning) or 30 s. */
    private QueryResult slow(Session session)
    {
        CountDownLatch cancelled = new CountDownLatch(1);
        session.setRunningCanceller(cancelled::countDown);
        slowStarted.countDown();
        return new QueryResult.Rows(List.of(ResultColumn.of("x", DataType.BIGINT)), new RowSource()
        {
            @Override
            public ColumnBatch next() throws SqlError
            {
                try {
                    if (cancelled.await(30, TimeUnit.SECONDS)) {
                        throw new SqlError(ErrorCode.QUERY_INTERRUPTED);
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }

            @Override
            public void close()
            {
                session.setRunningCanceller(null);
                closedSources.add("sleep");
            }
        });
    }

    /** Batches of 4096 wide rows until the consumer closes the source (a client that goes away). */
    private QueryResult endless()
    {
        String filler = "y".repeat(200);
        return new QueryResult.Rows(List.of(ResultColumn.of("s", DataType.varchar(200))), new RowSource()
        {
            @Override
            public ColumnBatch next()
            {
                ColumnBatch b = ColumnBatch.allocate(List.of(DataType.varchar(200)), memory);
                for (int i = 0; i < ColumnBatch.MAX_ROWS; i++) {
                    b.column(0).setString(i, filler);
                }
                b.setRowCount(ColumnBatch.MAX_ROWS);
                return b;
            }

            @Override
            public void close()
            {
                closedSources.add("endless");
            }
        });
    }

    private QueryResult columns()
    {
        List<String> names = List.of("Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment");
        List<ResultColumn> cols = names.stream().map(n -> ResultColumn.of(n, DataType.varchar(64))).toList();
        String[][] rows = {
                {"id", "bigint(20)", null, "NO", "PRI", null, "", "", ""},
                {"name", "varchar(32)", "utf8mb4_general_ci", "YES", "", "x", "", "", ""},
                {"price", "decimal(15, 2)", null, "YES", "", null, "", "", ""},
        };
        return rows(cols, rows.length, b -> {
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < names.size(); c++) {
                    setString(b.column(c), r, rows[r][c]);
                }
            }
        });
    }

    private QueryResult rows(List<ResultColumn> cols, int rowCount, Consumer<ColumnBatch> fill)
    {
        ColumnBatch b = ColumnBatch.allocate(cols.stream().map(ResultColumn::type).toList(), memory);
        fill.accept(b);
        b.setRowCount(rowCount);
        return new QueryResult.Rows(cols, source(List.of(b)));
    }

    private static void setString(ColumnVector v, int row, String s)
    {
        if (s == null) {
            v.setNull(row, true);
        }
        else {
            v.setString(row, s);
        }
    }

    private RowSource source(List<ColumnBatch> batches)
    {
        List<ColumnBatch> pending = new ArrayList<>(batches);
        return new RowSource()
        {
            @Override
            public ColumnBatch next()
            {
                return pending.isEmpty() ? null : pending.removeFirst();
            }

            @Override
            public void close()
            {
                pending.forEach(ColumnBatch::close);
                pending.clear();
            }
        };
    }
}
