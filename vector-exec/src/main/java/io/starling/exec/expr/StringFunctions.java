package io.starling.exec.expr;

import io.starling.exec.expr.FunctionRegistry.ArgKind;
import io.starling.exec.expr.FunctionRegistry.Signature;
import io.starling.storage.types.DataType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * String functions over UTF-8 text: positions and lengths count characters (code points) except
 * {@code length}, which counts bytes, as in StarRocks. Positions are 1-based; a negative start counts from the
 * end. trim/ltrim/rtrim remove spaces, or with a second argument any of the characters it lists.
 */
final class StringFunctions
{
    private StringFunctions()
    {
    }

    private static Signature sig(FunctionRegistry.Binder b, ArgKind... kinds)
    {
        return new Signature(List.of(kinds), null, true, b);
    }

    /** A function of one string whose result is converted to the call's result type. */
    private static FunctionRegistry.Binder str1(Function<String, Object> f, DataType produced)
    {
        return (args, ret) -> a -> Casts.cast(f.apply((String) a[0]), produced, ret, false);
    }

    static void register(FunctionRegistry r)
    {
        r.register(List.of("concat"), new Signature(List.of(ArgKind.ANY), ArgKind.ANY, true, (args, ret) -> a -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.length; i++) {
                sb.append(asString(a[i], args[i]));
            }
            return sb.toString();
        }));
        r.register(List.of("concat_ws"), new Signature(List.of(ArgKind.STRING, ArgKind.ANY), ArgKind.ANY, false,
                (args, ret) -> a -> {
                    if (a[0] == null) {
                        return null;
                    }
                    StringBuilder sb = new StringBuilder();
                    boolean first = true;
                    for (int i = 1; i < a.length; i++) {
                        if (a[i] == null) {
                            continue;
                        }
                        if (!first) {
                            sb.append((String) a[0]);
                        }
                        sb.append(asString(a[i], args[i]));
                        first = false;
                    }
                    return sb.toString();
                }));
        FunctionRegistry.Binder substr = (args, ret) -> a -> substr((String) a[0], toLong(a[1], args[1]),
                a.length > 2 ? toLong(a[2], args[2]) : Long.MAX_VALUE);
        r.register(List.of("substr", "substring"), sig(substr, ArgKind.STRING, ArgKind.INTEGER));
        r.register(List.of("substr", "substring"), sig(substr, ArgKind.STRING, ArgKind.INTEGER, ArgKind.INTEGER));
        r.register(List.of("left", "strleft"), sig((args, ret) -> a -> substr((String) a[0], 1, toLong(a[1], args[1])),
                ArgKind.STRING, ArgKind.INTEGER));
        r.register(List.of("right", "strright"), sig((args, ret) -> a -> {
            String s = (String) a[0];
            long n = toLong(a[1], args[1]);
            int len = s.codePointCount(0, s.length());
            return n <= 0 ? "" : n >= len ? s : substr(s, len - n + 1, n);
        }, ArgKind.STRING, ArgKind.INTEGER));
        r.register(List.of("upper", "ucase"), sig(str1(s -> s.toUpperCase(Locale.ROOT), DataType.STRING), ArgKind.STRING));
        r.register(List.of("lower", "lcase"), sig(str1(s -> s.toLowerCase(Locale.ROOT), DataType.STRING), ArgKind.STRING));
        r.register(List.of("length", "octet_length"), sig(str1(s -> (long) utf8Length(s), DataType.BIGINT), ArgKind.STRING));
        r.register(List.of("char_length", "character_length"),
                sig(str1(s -> (long) s.codePointCount(0, s.length()), DataType.BIGINT), ArgKind.STRING));
        r.register("trim", str1(s -> strip(s, true, true), DataType.STRING), ArgKind.STRING);
        r.register("ltrim", str1(s -> strip(s, true, false), DataType.STRING), ArgKind.STRING);
        r.register("rtrim", str1(s -> strip(s, false, true), DataType.STRING), ArgKind.STRING);
        r.register("trim", (args, ret) -> a -> stripChars((String) a[0], (String) a[1], true, true),
                ArgKind.STRING, ArgKind.STRING);
        r.register("ltrim", (args, ret) -> a -> stripChars((String) a[0], (String) a[1], true, false),
                ArgKind.STRING, ArgKind.STRING);
        r.register("rtrim", (args, ret) -> a -> stripChars((String) a[0], (String) a[1], false, true),
                ArgKind.STRING, ArgKind.STRING);
        r.register("reverse", str1(s -> new StringBuilder(s).reverse().toString(), DataType.STRING), ArgKind.STRING);
        r.register("replace", (args, ret) -> a -> {
            String from = (String) a[1];
            return from.isEmpty() ? a[0] : ((String) a[0]).replace(from, (String) a[2]);
        }, ArgKind.STRING, ArgKind.STRING, ArgKind.STRING);
        r.register("lpad", (args, ret) -> a -> pad((String) a[0], toLong(a[1], args[1]), (String) a[2], true),
                ArgKind.STRING, ArgKind.INTEGER, ArgKind.STRING);
        r.register("rpad", (args, ret) -> a -> pad((String) a[0], toLong(a[1], args[1]), (String) a[2], false),
                ArgKind.STRING, ArgKind.INTEGER, ArgKind.STRING);
        r.register("starts_with", (args, ret) -> a -> ((String) a[0]).startsWith((String) a[1]),
                ArgKind.STRING, ArgKind.STRING);
        r.register("ends_with", (args, ret) -> a -> ((String) a[0]).endsWith((String) a[1]),
                ArgKind.STRING, ArgKind.STRING);
        r.register("split_part", (args, ret) -> a -> splitPart((String) a[0], (String) a[1], toLong(a[2], args[2])),
                ArgKind.STRING, ArgKind.STRING, ArgKind.INTEGER);
        r.register(List.of("locate"), sig((args, ret) -> a -> locate((String) a[0], (String) a[1], 1),
                ArgKind.STRING, ArgKind.STRING));
        r.register(List.of("locate"), sig((args, ret) -> a -> locate((String) a[0], (String) a[1], toLong(a[2], args[2])),
                ArgKind.STRING, ArgKind.STRING, ArgKind.INTEGER));
        r.register("instr", (args, ret) -> a -> locate((String) a[1], (String) a[0], 1), ArgKind.STRING, ArgKind.STRING);
        r.register("repeat", (args, ret) -> a -> {
            long n = toLong(a[1], args[1]);
            return n <= 0 ? "" : ((String) a[0]).repeat((int) Math.min(n, DataType.MAX_VARCHAR_LENGTH));
        }, ArgKind.STRING, ArgKind.INTEGER);
    }

    private static String asString(Object v, DataType t)
    {
        return v instanceof String s ? s : ValueFormatter.formatValue(v, t);
    }

    static long toLong(Object v, DataType t)
    {
        return v instanceof Boolean b ? (b ? 1 : 0) : v instanceof Long l ? l : ((Number) Casts.cast(v, t, DataType.BIGINT, false)).longValue();
    }

    static int utf8Length(String s)
    {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            }
            else if (c < 0x800) {
                n += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            }
            else {
                n += 3;
            }
        }
        return n;
    }

    /** StarRocks substr: 1-based character position, negative from the end, 0 or out of range gives ''. */
    static String substr(String s, long pos, long len)
    {
        int chars = s.codePointCount(0, s.length());
        if (pos == 0 || len <= 0) {
            return "";
        }
        long start = pos > 0 ? pos - 1 : chars + pos;
        if (start < 0 || start >= chars) {
            return "";
        }
        long end = Math.min(chars, start + Math.min(len, chars));
        int from = s.offsetByCodePoints(0, (int) start);
        int to = s.offsetByCodePoints(from, (int) (end - start));
        return s.substring(from, to);
    }

    private static String strip(String s, boolean left, boolean right)
    {
        int b = 0;
        int e = s.length();
        while (left && b < e && s.charAt(b) == ' ') {
            b++;
        }
        while (right && e > b && s.charAt(e - 1) == ' ') {
            e--;
        }
        return s.substring(b, e);
    }

    /** trim(s, chars): removes every leading/trailing code point that occurs in {@code chars} (StarRocks). */
    private static String stripChars(String s, String chars, boolean left, boolean right)
    {
        int b = 0;
        int e = s.length();
        while (left && b < e && chars.indexOf(s.codePointAt(b)) >= 0) {
            b += Character.charCount(s.codePointAt(b));
        }
        while (right && e > b && chars.indexOf(s.codePointBefore(e)) >= 0) {
            e -= Character.charCount(s.codePointBefore(e));
        }
        return s.substring(b, e);
    }

    /** lpad/rpad to {@code len} characters; a longer string is cut to {@code len}; an empty pad cannot grow it (NULL). */
    private static String pad(String s, long len, String padding, boolean left)
    {
        int chars = s.codePointCount(0, s.length());
        if (len < 0) {
            return null;
        }
        if (len <= chars) {
            return substr(s, 1, len);
        }
        if (padding.isEmpty()) {
            return null;
        }
        int need = (int) Math.min(len - chars, DataType.MAX_VARCHAR_LENGTH);
        StringBuilder fill = new StringBuilder();
        int[] cps = padding.codePoints().toArray();
        for (int i = 0; i < need; i++) {
            fill.appendCodePoint(cps[i % cps.length]);
        }
        return left ? fill + s : s + fill;
    }

    /** split_part: 1-based field; negative counts from the end; a missing field is NULL. */
    private static String splitPart(String s, String delim, long field)
    {
        if (field == 0 || delim.isEmpty()) {
            return null;
        }
        List<String> parts = new java.util.ArrayList<>();
        int from = 0;
        while (true) {
            int at = s.indexOf(delim, from);
            if (at < 0) {
                parts.add(s.substring(from));
                break;
            }
            parts.add(s.substring(from, at));
            from = at + delim.length();
        }
        long idx = field > 0 ? field - 1 : parts.size() + field;
        return idx < 0 || idx >= parts.size() ? null : parts.get((int) idx);
    }

    /** 1-based character position of {@code needle} in {@code hay} at or after {@code pos}; 0 when absent. */
    static long locate(String needle, String hay, long pos)
    {
        int chars = hay.codePointCount(0, hay.length());
        if (pos < 1 || pos > chars + 1) {
            return 0L;
        }
        int from = hay.offsetByCodePoints(0, (int) pos - 1);
        int at = hay.indexOf(needle, from);
        return at < 0 ? 0L : (long) hay.codePointCount(0, at) + 1;
    }

    static byte[] utf8(String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
