package io.starling.fe.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Stream Load {@code columns} header: a comma-separated list of items, each either a source column name
 * ({@code a}: field i of the file is called {@code a}; it fills the table column of that name if there is one,
 * otherwise it is a placeholder that expressions may use or nothing reads) or a derived column
 * ({@code c = a + b}: table column {@code c} is computed from source columns). Commas inside parentheses and
 * quotes do not split items.
 *
 * @param sources source column names in file order
 * @param derived derived table columns with their SQL expression text, in header order
 */
public record ColumnMapping(List<String> sources, List<Derived> derived)
{
    /** One {@code name = expression} item. */
    public record Derived(String column, String expression)
    {
    }

    /**
     * Parses the header value.
     *
     * @throws IllegalArgumentException with a message naming the bad item
     */
    public static ColumnMapping parse(String header)
    {
        List<String> sources = new ArrayList<>();
        List<Derived> derived = new ArrayList<>();
        for (String item : splitTopLevel(header, ',')) {
            String s = item.strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty item in columns: '" + header + "'");
            }
            int eq = topLevelEquals(s);
            if (eq < 0) {
                sources.add(unquote(s));
            }
            else {
                String name = unquote(s.substring(0, eq).strip());
                String expr = s.substring(eq + 1).strip();
                if (name.isEmpty() || expr.isEmpty()) {
                    throw new IllegalArgumentException("bad derived column '" + s + "' in columns");
                }
                derived.add(new Derived(name, expr));
            }
        }
        return new ColumnMapping(List.copyOf(sources), List.copyOf(derived));
    }

    /** Whether any derived expression mentions {@code name} as a word (an over-approximation: quotes count too). */
    public boolean referencedByExpression(String name)
    {
        String n = name.toLowerCase(Locale.ROOT);
        for (Derived d : derived) {
            String e = d.expression().toLowerCase(Locale.ROOT);
            int i = e.indexOf(n);
            while (i >= 0) {
                boolean startOk = i == 0 || !isWordChar(e.charAt(i - 1));
                int end = i + n.length();
                boolean endOk = end >= e.length() || !isWordChar(e.charAt(end));
                if (startOk && endOk) {
                    return true;
                }
                i = e.indexOf(n, i + 1);
            }
        }
        return false;
    }

    /** The derived item for a table column, or null. */
    public Derived derivedFor(String column)
    {
        for (Derived d : derived) {
            if (d.column().equalsIgnoreCase(column)) {
                return d;
            }
        }
        return null;
    }

    private static boolean isWordChar(char c)
    {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Splits on {@code sep} outside parentheses and quotes. */
    static List<String> splitTopLevel(String s, char sep)
    {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    i++;
                }
                else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"', '`' -> quote = c;
                case '(' -> depth++;
                case ')' -> depth--;
                default -> {
                    if (c == sep && depth == 0) {
                        out.add(s.substring(start, i));
                        start = i + 1;
                    }
                }
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** Position of the first '=' outside quotes/parentheses that is not part of {@code <=, >=, !=, <=>}, or -1. */
    private static int topLevelEquals(String s)
    {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            }
            else if (c == '(') {
                depth++;
            }
            else if (c == ')') {
                depth--;
            }
            else if (c == '=' && depth == 0) {
                char prev = i > 0 ? s.charAt(i - 1) : ' ';
                if (prev != '<' && prev != '>' && prev != '!') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String unquote(String name)
    {
        if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
            return name.substring(1, name.length() - 1).replace("``", "`");
        }
        return name;
    }
}
