package io.starling.fe.mysql;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical scan of SQL text just deep enough for the protocol layer: finds statement-separating semicolons and
 * {@code ?} placeholders outside string literals ({@code '...'}, {@code "..."}, with backslash escapes and
 * doubled quotes), quoted identifiers ({@code `...`}) and comments ({@code -- } and {@code #} to end of line,
 * {@code /* ... *}{@code /}).
 */
final class SqlScanner
{
    private SqlScanner()
    {
    }

    /** Splits on top-level semicolons; returns the trimmed, non-empty statements (comments kept). */
    static List<String> splitStatements(String sql)
    {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int skip = skipQuotedOrComment(sql, i);
            if (skip > i) {
                i = skip;
                continue;
            }
            if (c == ';') {
                addNonEmpty(out, sql.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        addNonEmpty(out, sql.substring(start));
        return out;
    }

    /** Character offsets of the top-level {@code ?} placeholders, in order. */
    static int[] placeholders(String sql)
    {
        List<Integer> pos = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            int skip = skipQuotedOrComment(sql, i);
            if (skip > i) {
                i = skip;
                continue;
            }
            if (sql.charAt(i) == '?') {
                pos.add(i);
            }
            i++;
        }
        return pos.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Replaces the placeholders at {@code positions} by {@code literals} (same count). */
    static String substitute(String sql, int[] positions, String[] literals)
    {
        StringBuilder sb = new StringBuilder(sql.length() + 16 * literals.length);
        int last = 0;
        for (int k = 0; k < positions.length; k++) {
            sb.append(sql, last, positions[k]).append(literals[k]);
            last = positions[k] + 1;
        }
        return sb.append(sql, last, sql.length()).toString();
    }

    /**
     * If a literal, quoted identifier or comment starts at {@code i}, the index just past it (or the end of the
     * text if it is unterminated); otherwise {@code i}.
     */
    private static int skipQuotedOrComment(String s, int i)
    {
        int n = s.length();
        char c = s.charAt(i);
        switch (c) {
            case '\'', '"', '`' -> {
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '\\' && c != '`') {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < n && s.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        return j + 1;
                    }
                    j++;
                }
                return n;
            }
            case '#' -> {
                return lineEnd(s, i);
            }
            case '-' -> {
                if (i + 1 < n && s.charAt(i + 1) == '-' && (i + 2 == n || Character.isWhitespace(s.charAt(i + 2)))) {
                    return lineEnd(s, i);
                }
                return i;
            }
            case '/' -> {
                if (i + 1 < n && s.charAt(i + 1) == '*') {
                    int end = s.indexOf("*/", i + 2);
                    return end < 0 ? n : end + 2;
                }
                return i;
            }
            default -> {
                return i;
            }
        }
    }

    private static int lineEnd(String s, int i)
    {
        int nl = s.indexOf('\n', i);
        return nl < 0 ? s.length() : nl + 1;
    }

    private static void addNonEmpty(List<String> out, String stmt)
    {
        String t = stmt.strip();
        if (!isOnlyComments(t)) {
            out.add(t);
        }
    }

    /** True for text made only of whitespace and comments (e.g. what follows the last ';'). */
    static boolean isOnlyComments(String s)
    {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int skip = skipQuotedOrComment(s, i);
            if (skip == i || c == '\'' || c == '"' || c == '`') {
                return false;
            }
            i = skip;
        }
        return true;
    }
}
