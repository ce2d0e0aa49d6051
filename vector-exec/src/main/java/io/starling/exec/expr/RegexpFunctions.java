package io.starling.exec.expr;

import io.starling.exec.expr.FunctionRegistry.ArgKind;
import io.starling.exec.expr.FunctionRegistry.Signature;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular-expression functions: {@code regexp(str, pattern)} (also the REGEXP / RLIKE operators, which the FE
 * parses into this call; true when the pattern matches anywhere in the string, case-sensitive as in StarRocks),
 * {@code regexp_extract(str, pattern, idx)} (group {@code idx} of the first match, 0 = the whole match; '' when
 * nothing matches or the group does not exist or did not take part) and {@code regexp_replace(str, pattern, repl)}
 * (every match replaced; {@code \1}..{@code \9} in {@code repl} insert groups, RE2's rewrite syntax).
 *
 * <p>StarRocks evaluates patterns with RE2; we use {@code java.util.regex}, which accepts RE2's syntax for the
 * common cases. RE2's POSIX classes inside brackets ({@code [[:lower:]]}) are rewritten to Java's
 * {@code \p{Lower}}. An invalid pattern fails the query with an error naming it.
 *
 * <p>Each bound call keeps the last compiled pattern; a constant pattern is therefore compiled once per call
 * node (the cache check is a reference comparison on the literal's String), a column pattern once per change.
 */
final class RegexpFunctions
{
    /** RE2 / POSIX bracket classes and their java.util.regex spelling. */
    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("[:alpha:]", "\\p{Alpha}"),
            Map.entry("[:digit:]", "\\p{Digit}"),
            Map.entry("[:alnum:]", "\\p{Alnum}"),
            Map.entry("[:upper:]", "\\p{Upper}"),
            Map.entry("[:lower:]", "\\p{Lower}"),
            Map.entry("[:space:]", "\\s"),
            Map.entry("[:punct:]", "\\p{Punct}"),
            Map.entry("[:xdigit:]", "\\p{XDigit}"),
            Map.entry("[:word:]", "\\w"),
            Map.entry("[:blank:]", "\\p{Blank}"),
            Map.entry("[:cntrl:]", "\\p{Cntrl}"),
            Map.entry("[:print:]", "\\p{Print}"),
            Map.entry("[:graph:]", "\\p{Graph}"));

    private RegexpFunctions()
    {
    }

    static void register(FunctionRegistry r)
    {
        r.register(List.of("regexp", "rlike", "regexp_like"), sig((args, ret) -> {
            PatternCache cache = new PatternCache();
            return a -> cache.get((String) a[1]).matcher((String) a[0]).find();
        }, ArgKind.STRING, ArgKind.STRING));
        r.register(List.of("regexp_extract"), sig((args, ret) -> {
            PatternCache cache = new PatternCache();
            return a -> extract(cache.get((String) a[1]), (String) a[0], StringFunctions.toLong(a[2], args[2]));
        }, ArgKind.STRING, ArgKind.STRING, ArgKind.INTEGER));
        r.register(List.of("regexp_replace"), sig((args, ret) -> {
            PatternCache cache = new PatternCache();
            return a -> replace(cache.get((String) a[1]), (String) a[0], (String) a[2]);
        }, ArgKind.STRING, ArgKind.STRING, ArgKind.STRING));
    }

    private static Signature sig(FunctionRegistry.Binder b, ArgKind... kinds)
    {
        return new Signature(List.of(kinds), null, true, b);
    }

    static String extract(Pattern p, String s, long group)
    {
        Matcher m = p.matcher(s);
        if (group < 0 || !m.find() || group > m.groupCount()) {
            return "";
        }
        String g = m.group((int) group);
        return g == null ? "" : g;
    }

    static String replace(Pattern p, String s, String repl)
    {
        return p.matcher(s).replaceAll(javaReplacement(repl));
    }

    /** RE2 rewrite ({@code \N} = group N, {@code \\} = backslash, everything else literal) as a Java replacement. */
    static String javaReplacement(String repl)
    {
        StringBuilder sb = new StringBuilder(repl.length() + 8);
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '\\' && i + 1 < repl.length() && Character.isDigit(repl.charAt(i + 1))) {
                sb.append('$').append(repl.charAt(++i));
            }
            else if (c == '\\' && i + 1 < repl.length() && repl.charAt(i + 1) == '\\') {
                sb.append("\\\\");
                i++;
            }
            else if (c == '\\' || c == '$') {
                sb.append('\\').append(c);
            }
            else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Compiles an RE2-style pattern, translating POSIX bracket classes; fails with the pattern in the message. */
    static Pattern compile(String pattern)
    {
        String p = pattern;
        if (p.contains("[:")) {
            for (Map.Entry<String, String> e : POSIX_CLASSES.entrySet()) {
                p = p.replace(e.getKey(), e.getValue());
            }
        }
        try {
            return Pattern.compile(p);
        }
        catch (PatternSyntaxException e) {
            throw new ExpressionException("Invalid regex expression: " + pattern + " (" + e.getDescription() + ")");
        }
    }

    /**
     * The last pattern string of one bound call and its compiled form. The pair is one immutable object swapped
     * in whole, so concurrent evaluations of the same node at worst compile twice, never see a torn entry.
     */
    private static final class PatternCache
    {
        private record Entry(String source, Pattern compiled)
        {
        }

        private volatile Entry last;

        Pattern get(String source)
        {
            Entry e = last;
            if (e != null && (e.source == source || e.source.equals(source))) {
                return e.compiled;
            }
            Pattern p = compile(source);
            last = new Entry(source, p);
            return p;
        }
    }
}
