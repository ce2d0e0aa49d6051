package io.starling.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one sqllogictest-style file (DuckDB's dialect of it) against a server through MySQL Connector/J.
 *
 * <pre>
 * # name: test/sql/basic/select.test        comments and headers start with #
 *
 * statement ok                              the statement must succeed
 * CREATE TABLE t (a INT) ...                (statement text runs until an empty line)
 *
 * statement error 1146                      must fail; optional MySQL error code; after a "----" line an
 * SELECT * FROM nope                        optional substring the message must contain
 * ----
 * doesn't exist
 *
 * query ITR [nosort|rowsort]                one letter per column: I integer, T text, R real (compared with a
 * SELECT a, b, c FROM t                     relative tolerance of 1e-9); NULL is written NULL; columns are
 * ----                                      separated by a tab; rowsort sorts both sides as strings
 * 1	x	0.5
 *
 * restart                                   stops the server (clean shutdown) and starts it again on the same data
 * crash                                     stops the server without any shutdown work (like kill -9) and restarts
 * </pre>
 * Every file runs in a fresh database {@code slt_<file name>} which is the current database.
 */
final class SqlLogicTest
{
    interface ServerControl
    {
        String jdbcUrl(String db);

        void restart(boolean crash) throws Exception;
    }

    private final Path file;
    private final ServerControl server;

    SqlLogicTest(Path file, ServerControl server)
    {
        this.file = file;
        this.server = server;
    }

    void run() throws Exception
    {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String db = "slt_" + file.getFileName().toString().replace(".test", "").replaceAll("[^A-Za-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
        }
        Connection conn = DriverManager.getConnection(server.jdbcUrl(db), "root", "");
        try {
            int i = 0;
            while (i < lines.size()) {
                String line = lines.get(i).strip();
                int lineNo = i + 1;
                if (line.isEmpty() || line.startsWith("#")) {
                    i++;
                    continue;
                }
                if (line.equals("restart") || line.equals("crash")) {
                    conn.close();
                    server.restart(line.equals("crash"));
                    conn = DriverManager.getConnection(server.jdbcUrl(db), "root", "");
                    i++;
                    continue;
                }
                List<String> sql = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                boolean sawSeparator = false;
                i++;
                while (i < lines.size() && !lines.get(i).isBlank()) {
                    String l = lines.get(i);
                    if (l.equals("----")) {
                        sawSeparator = true;
                    }
                    else if (sawSeparator) {
                        expected.add(l);
                    }
                    else {
                        sql.add(l);
                    }
                    i++;
                }
                String text = String.join("\n", sql);
                String where = file + ":" + lineNo;
                if (line.startsWith("statement ok")) {
                    try (Statement st = conn.createStatement()) {
                        st.execute(text);
                    }
                    catch (SQLException e) {
                        throw new AssertionError(where + ": statement failed: " + e.getErrorCode() + " " + e.getMessage() + "\n" + text, e);
                    }
                }
                else if (line.startsWith("statement error")) {
                    String code = line.substring("statement error".length()).strip();
                    try (Statement st = conn.createStatement()) {
                        st.execute(text);
                        throw new AssertionError(where + ": statement should have failed:\n" + text);
                    }
                    catch (SQLException e) {
                        if (!code.isEmpty() && Integer.parseInt(code) != e.getErrorCode()) {
                            throw new AssertionError(where + ": expected error " + code + " but got " + e.getErrorCode() + " " + e.getMessage(), e);
                        }
                        for (String frag : expected) {
                            if (!e.getMessage().contains(frag)) {
                                throw new AssertionError(where + ": error message '" + e.getMessage() + "' does not contain '" + frag + "'");
                            }
                        }
                    }
                }
                else if (line.startsWith("query")) {
                    String[] parts = line.split("\\s+");
                    String types = parts.length > 1 ? parts[1] : "";
                    boolean rowsort = parts.length > 2 && parts[2].equals("rowsort");
                    List<String> actual = new ArrayList<>();
                    // execute + getResultSet: Connector/J's executeQuery refuses statements it does not know as
                    // queries by their first word (ADMIN CHECK ...) before sending them
                    try (Statement st = conn.createStatement(); ResultSet rs = resultOf(st, text)) {
                        ResultSetMetaData md = rs.getMetaData();
                        int n = md.getColumnCount();
                        if (!types.isEmpty() && types.length() != n) {
                            throw new AssertionError(where + ": query returned " + n + " columns, header says " + types.length());
                        }
                        while (rs.next()) {
                            StringBuilder sb = new StringBuilder();
                            for (int col = 1; col <= n; col++) {
                                if (col > 1) {
                                    sb.append('\t');
                                }
                                // Connector/J's getString renders DECIMAL via BigDecimal.toString() (1E-10): use the
                                // plain form the server sent
                                String v = md.getColumnType(col) == java.sql.Types.DECIMAL && rs.getBigDecimal(col) != null
                                        ? rs.getBigDecimal(col).toPlainString() : rs.getString(col);
                                sb.append(v == null ? "NULL" : v.isEmpty() ? "(empty)" : v);
                            }
                            actual.add(sb.toString());
                        }
                    }
                    catch (SQLException e) {
                        throw new AssertionError(where + ": query failed: " + e.getErrorCode() + " " + e.getMessage() + "\n" + text, e);
                    }
                    if (rowsort) {
                        Collections.sort(actual);
                        List<String> sortedExpected = new ArrayList<>(expected);
                        Collections.sort(sortedExpected);
                        expected = sortedExpected;
                    }
                    compare(where, text, types, expected, actual);
                }
                else {
                    throw new AssertionError(where + ": unknown directive '" + line + "'");
                }
            }
        }
        finally {
            conn.close();
        }
    }

    private static void compare(String where, String sql, String types, List<String> expected, List<String> actual)
    {
        Supplier<String> diff = () -> where + ": wrong result for\n" + sql + "\nexpected:\n" + String.join("\n", expected)
                + "\nactual:\n" + String.join("\n", actual);
        if (expected.size() != actual.size()) {
            throw new AssertionError(diff.get());
        }
        for (int r = 0; r < expected.size(); r++) {
            String[] e = expected.get(r).split("\t", -1);
            String[] a = actual.get(r).split("\t", -1);
            if (e.length != a.length) {
                throw new AssertionError(diff.get());
            }
            for (int col = 0; col < e.length; col++) {
                char t = col < types.length() ? types.charAt(col) : 'T';
                if (!cellEquals(t, e[col], a[col])) {
                    throw new AssertionError(diff.get());
                }
            }
        }
    }

    private static boolean cellEquals(char type, String expected, String actual)
    {
        if (expected.equals(actual)) {
            return true;
        }
        if (type == 'R' && !expected.equals("NULL") && !actual.equals("NULL")) {
            try {
                double e = Double.parseDouble(expected);
                double a = Double.parseDouble(actual);
                return Math.abs(e - a) <= 1e-9 * Math.max(1, Math.max(Math.abs(e), Math.abs(a)));
            }
            catch (NumberFormatException ex) {
                return false;
            }
        }
        return false;
    }

    static List<Path> findTests(Path root) throws IOException
    {
        try (var s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
    }

    private static ResultSet resultOf(Statement st, String sql) throws java.sql.SQLException
    {
        if (!st.execute(sql)) {
            throw new java.sql.SQLException("statement returned no result set: " + sql);
        }
        return st.getResultSet();
    }
}
