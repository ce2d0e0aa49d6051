package io.starling.bench;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A query answer read through JDBC as text (getString, so dates and decimals are not bent by driver time zones or
 * float conversion), with a per-column "numeric" flag from the result metadata. Compared by {@link #diff}: same row
 * count, numbers equal to 2 decimals, text equal after dropping trailing blanks (CHAR padding).
 */
record ResultTable(List<String> columns, boolean[] numeric, List<String[]> rows)
{
    /** Two numbers are equal "to 2 decimals" when they differ by less than half a cent plus float noise. */
    private static final BigDecimal TOLERANCE = new BigDecimal("0.005");
    /** Relative slack for large DOUBLE sums (about 15 significant digits survive a double). */
    private static final BigDecimal RELATIVE = new BigDecimal("1e-12");

    static ResultTable read(ResultSet rs) throws SQLException
    {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new ArrayList<>(n);
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            names.add(md.getColumnLabel(i + 1));
            numeric[i] = switch (md.getColumnType(i + 1)) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                     Types.FLOAT, Types.REAL, Types.DOUBLE -> true;
                default -> false;
            };
        }
        List<String[]> rows = new ArrayList<>();
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                row[i] = rs.getString(i + 1);
            }
            rows.add(row);
        }
        return new ResultTable(names, numeric, rows);
    }

    /**
     * Null when {@code actual} equals this (expected) answer, else a one-line description of the first difference.
     * With {@code ordered} false both sides are sorted first (the query has no total order).
     */
    String diff(ResultTable actual, boolean ordered)
    {
        if (actual.columns.size() != columns.size()) {
            return "column count " + actual.columns.size() + " != expected " + columns.size();
        }
        if (actual.rows.size() != rows.size()) {
            return "row count " + actual.rows.size() + " != expected " + rows.size();
        }
        boolean[] num = new boolean[columns.size()];
        for (int i = 0; i < num.length; i++) {
            num[i] = numeric[i] || actual.numeric[i];
        }
        List<String[]> e = rows;
        List<String[]> a = actual.rows;
        if (!ordered) {
            Comparator<String[]> cmp = rowOrder(num);
            e = new ArrayList<>(e);
            a = new ArrayList<>(a);
            e.sort(cmp);
            a.sort(cmp);
        }
        for (int r = 0; r < e.size(); r++) {
            for (int c = 0; c < num.length; c++) {
                if (!equal(e.get(r)[c], a.get(r)[c], num[c])) {
                    return "row " + (r + 1) + " column " + columns.get(c) + ": got " + a.get(r)[c] + ", expected "
                            + e.get(r)[c] + " (got row " + Arrays.toString(a.get(r)) + ", expected "
                            + Arrays.toString(e.get(r)) + ")";
                }
            }
        }
        return null;
    }

    static boolean equal(String expected, String actual, boolean numeric)
    {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (numeric) {
            try {
                BigDecimal x = new BigDecimal(expected.trim());
                BigDecimal y = new BigDecimal(actual.trim());
                BigDecimal slack = TOLERANCE.add(x.abs().multiply(RELATIVE));
                return x.subtract(y).abs().compareTo(slack) < 0;
            }
            catch (NumberFormatException ex) {
                // fall through to text comparison
            }
        }
        return Objects.equals(stripTrailing(expected), stripTrailing(actual));
    }

    private static String stripTrailing(String s)
    {
        return s.stripTrailing();
    }

    /** Sorts rows column by column: numbers rounded to 2 decimals (so tolerance-equal rows sort alike), text. */
    private static Comparator<String[]> rowOrder(boolean[] numeric)
    {
        return (x, y) -> {
            for (int c = 0; c < numeric.length; c++) {
                int k = compareCell(x[c], y[c], numeric[c]);
                if (k != 0) {
                    return k;
                }
            }
            return 0;
        };
    }

    private static int compareCell(String x, String y, boolean numeric)
    {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        if (numeric) {
            try {
                return new BigDecimal(x.trim()).setScale(2, java.math.RoundingMode.HALF_UP)
                        .compareTo(new BigDecimal(y.trim()).setScale(2, java.math.RoundingMode.HALF_UP));
            }
            catch (NumberFormatException ex) {
                // text
            }
        }
        return x.stripTrailing().compareTo(y.stripTrailing());
    }
}
