package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code value [NOT] LIKE pattern [ESCAPE c]}: {@code %} matches any sequence, {@code _} exactly one character,
 * the escape character (default backslash) makes the next character literal. Case-sensitive, like StarRocks.
 *
 * <p>Patterns made only of literals and {@code %} (exact, prefix, suffix, contains, and chains of those) are
 * matched on the UTF-8 bytes in place; patterns with {@code _} go through a regular expression on the decoded
 * string. A constant pattern is compiled once per expression; a column pattern once per distinct value in a row.
 */
public final class LikeExpr implements Expression
{
    private static final char DEFAULT_ESCAPE = '\\';

    private final Expression value;
    private final Expression pattern;
    private final char escape;
    private final boolean negated;
    private final Matcher constantMatcher;

    public LikeExpr(Expression value, Expression pattern, boolean negated)
    {
        this(value, pattern, DEFAULT_ESCAPE, negated);
    }

    public LikeExpr(Expression value, Expression pattern, char escape, boolean negated)
    {
        if (!value.type().kind().isString() && value.type().kind() != io.starling.storage.types.TypeKind.NULL) {
            throw new ExpressionException("LIKE needs a string operand, got " + value.type());
        }
        this.value = value;
        this.pattern = pattern;
        this.escape = escape;
        this.negated = negated;
        this.constantMatcher = pattern instanceof Literal l && !l.isNull() ? compile((String) l.value(), escape) : null;
    }

    @Override
    public DataType type()
    {
        return DataType.BOOLEAN;
    }

    @Override
    public ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx)
    {
        try (Operand v = Operand.of(value, batch, ctx); Operand pat = Operand.of(pattern, batch, ctx)) {
            ColumnVector out = Vectors.allocate(DataType.BOOLEAN, batch, ctx);
            int size = batch.size();
            String lastPattern = null;
            Matcher m = constantMatcher;
            for (int i = 0; i < size; i++) {
                int p = batch.position(i);
                if (v.isNull(p) || pat.isNull(p)) {
                    out.setNull(p, true);
                    continue;
                }
                if (constantMatcher == null) {
                    String ps = (String) pat.value(p);
                    if (!ps.equals(lastPattern)) {
                        m = compile(ps, escape);
                        lastPattern = ps;
                    }
                }
                boolean r;
                if (v.vector == null) {
                    byte[] b = ((String) v.constant).getBytes(StandardCharsets.UTF_8);
                    r = m.matches(MemorySegment.ofArray(b), 0, b.length);
                }
                else {
                    long start = v.vector.getOffset(p);
                    r = m.matches(v.vector.bytes(), start, start + v.vector.getLength(p));
                }
                out.setByte(p, (byte) (r != negated ? 1 : 0));
            }
            return out;
        }
    }

    /** A compiled LIKE pattern. */
    interface Matcher
    {
        boolean matches(MemorySegment bytes, long start, long end);
    }

    static Matcher compile(String pattern, char escape)
    {
        List<byte[]> segments = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        boolean underscore = false;
        boolean startPct = false;
        boolean endPct = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == escape && i + 1 < pattern.length()) {
                lit.append(pattern.charAt(++i));
                endPct = false;
                continue;
            }
            if (c == '%' || c == '_') {
                if (!lit.isEmpty()) {
                    segments.add(lit.toString().getBytes(StandardCharsets.UTF_8));
                    regex.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                if (c == '%') {
                    if (i == 0) {
                        startPct = true;
                    }
                    endPct = true;
                    regex.append(".*");
                }
                else {
                    underscore = true;
                    endPct = false;
                    regex.append('.');
                }
                continue;
            }
            lit.append(c);
            endPct = false;
        }
        if (!lit.isEmpty()) {
            segments.add(lit.toString().getBytes(StandardCharsets.UTF_8));
            regex.append(Pattern.quote(lit.toString()));
        }
        if (underscore) {
            Pattern re = Pattern.compile(regex.toString(), Pattern.DOTALL);
            return (bytes, start, end) -> {
                byte[] b = bytes.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
                return re.matcher(new String(b, StandardCharsets.UTF_8)).matches();
            };
        }
        byte[][] segs = segments.toArray(new byte[0][]);
        boolean sp = startPct;
        boolean ep = endPct;
        return (bytes, start, end) -> matchSegments(segs, sp, ep, bytes, start, end);
    }

    private static boolean matchSegments(byte[][] segs, boolean startPct, boolean endPct, MemorySegment b, long s, long e)
    {
        if (segs.length == 0) {
            return startPct || s == e;
        }
        int first = 0;
        int last = segs.length - 1;
        if (!startPct && !endPct && segs.length == 1) {
            return e - s == segs[0].length && regionEquals(b, s, segs[0]);
        }
        if (!startPct) {
            if (e - s < segs[0].length || !regionEquals(b, s, segs[0])) {
                return false;
            }
            s += segs[0].length;
            first = 1;
        }
        if (!endPct) {
            byte[] tail = segs[last];
            if (e - s < tail.length || !regionEquals(b, e - tail.length, tail)) {
                return false;
            }
            e -= tail.length;
            last--;
        }
        for (int j = first; j <= last; j++) {
            long at = indexOf(b, s, e, segs[j]);
            if (at < 0) {
                return false;
            }
            s = at + segs[j].length;
        }
        return true;
    }

    private static boolean regionEquals(MemorySegment b, long at, byte[] lit)
    {
        MemorySegment l = MemorySegment.ofArray(lit);
        return MemorySegment.mismatch(b, at, at + lit.length, l, 0, lit.length) < 0;
    }

    private static long indexOf(MemorySegment b, long s, long e, byte[] lit)
    {
        if (lit.length == 0) {
            return s;
        }
        byte first = lit[0];
        for (long i = s; i + lit.length <= e; i++) {
            if (b.get(ValueLayout.JAVA_BYTE, i) == first && regionEquals(b, i, lit)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString()
    {
        return "(" + value + (negated ? " NOT LIKE " : " LIKE ") + pattern + ")";
    }
}
