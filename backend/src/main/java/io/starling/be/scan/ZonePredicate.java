package io.starling.be.scan;

import io.starling.be.expr.LiteralDecoder;
import io.starling.be.expr.ProtoTypes;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.Expr;
import io.starling.storage.index.zonemap.ZoneMapPredicate;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scan conjunct reduced to {@code column op constant} for zonemap pruning: {@code outputColumn} is the
 * position in the scan's output, the predicate is in the column's physical domain. Pruning is only an
 * optimisation: the scan still evaluates every conjunct on the rows it reads.
 */
public record ZonePredicate(int outputColumn, ZoneMapPredicate predicate, String text)
{
    /**
     * Extracts the prunable predicates from the scan's conjuncts: comparisons (=, <, <=, >, >=, either operand
     * order), IN lists of non-null constants, IS [NOT] NULL, conjunctions of those (BETWEEN arrives as a ge/le
     * pair). A constant is used only when its value domain equals the column's (same integer-like family,
     * same decimal scale, both strings, same temporal kind); anything else is silently not pruned.
     */
    public static List<ZonePredicate> extract(List<Expr> conjuncts, List<DataType> columnTypes)
    {
        List<ZonePredicate> out = new ArrayList<>();
        for (Expr e : conjuncts) {
            collect(e, columnTypes, out);
        }
        return out;
    }

    private static void collect(Expr e, List<DataType> types, List<ZonePredicate> out)
    {
        if (e.getNodeCase() != Expr.NodeCase.CALL) {
            return;
        }
        Call c = e.getCall();
        String name = c.getName().toLowerCase(Locale.ROOT);
        switch (name) {
            case "and" -> {
                for (Expr a : c.getArgsList()) {
                    collect(a, types, out);
                }
            }
            case "eq", "ne", "lt", "le", "gt", "ge" -> {
                if (c.getArgsCount() != 2) {
                    return;
                }
                Expr l = c.getArgs(0);
                Expr r = c.getArgs(1);
                ZoneMapPredicate.Op op = op(name);
                if (isColumn(l) && isLiteral(r)) {
                    compare(op, l, r, types, out, name);
                }
                else if (isLiteral(l) && isColumn(r)) {
                    compare(flip(op), r, l, types, out, name);
                }
            }
            case "in" -> {
                if (c.getArgsCount() < 2 || !isColumn(c.getArgs(0))) {
                    return;
                }
                int col = c.getArgs(0).getColumnRef().getIndex();
                if (col < 0 || col >= types.size()) {
                    return;
                }
                DataType ct = types.get(col);
                List<Object> values = new ArrayList<>();
                for (int i = 1; i < c.getArgsCount(); i++) {
                    Expr v = c.getArgs(i);
                    if (!isLiteral(v)) {
                        return;
                    }
                    Object value = constant(ct, v);
                    if (value == null) {
                        // a NULL in the list never matches; any other unusable constant disables pruning
                        if (v.getLiteral().getIsNull()) {
                            continue;
                        }
                        return;
                    }
                    values.add(value);
                }
                out.add(new ZonePredicate(col, ZoneMapPredicate.in(ct.physical(), values), name + " on $" + col));
            }
            case "like" -> {
                // col LIKE 'prefix%...': the prefix bounds the values (a pattern without wildcards is an equality)
                if (c.getArgsCount() != 2 || !isColumn(c.getArgs(0)) || !isLiteral(c.getArgs(1))) {
                    return;
                }
                int col = c.getArgs(0).getColumnRef().getIndex();
                if (col < 0 || col >= types.size() || !types.get(col).kind().isString()
                        || !(constant(types.get(col), c.getArgs(1)) instanceof String pattern)) {
                    return;
                }
                ZoneMapPredicate p = likePrefix(pattern);
                if (p != null) {
                    out.add(new ZonePredicate(col, p, name + " on $" + col));
                }
            }
            case "is_null", "is_not_null" -> {
                if (c.getArgsCount() != 1 || !isColumn(c.getArgs(0))) {
                    return;
                }
                int col = c.getArgs(0).getColumnRef().getIndex();
                if (col < 0 || col >= types.size()) {
                    return;
                }
                DataType ct = types.get(col);
                ZoneMapPredicate p = name.equals("is_null") ? ZoneMapPredicate.isNull(ct.physical()) : ZoneMapPredicate.isNotNull(ct.physical());
                out.add(new ZonePredicate(col, p, name + " on $" + col));
            }
            default -> {
            }
        }
    }

    /**
     * The zone map predicate of a LIKE pattern: the literal text before the first wildcard ({@code %}, {@code _}) or
     * escape ({@code \\}, where we stop rather than interpret); an equality if the pattern has none; null if the
     * prefix is empty (nothing to prune by).
     */
    static ZoneMapPredicate likePrefix(String pattern)
    {
        int end = 0;
        while (end < pattern.length() && "%_\\".indexOf(pattern.charAt(end)) < 0) {
            end++;
        }
        byte[] prefix = pattern.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (end == pattern.length()) {
            return ZoneMapPredicate.compare(ZoneMapPredicate.Op.EQ, io.starling.storage.types.PhysicalType.VARLEN, prefix);
        }
        return prefix.length == 0 ? null : ZoneMapPredicate.prefix(prefix);
    }

    private static void compare(ZoneMapPredicate.Op op, Expr column, Expr literal, List<DataType> types, List<ZonePredicate> out, String name)
    {
        int col = column.getColumnRef().getIndex();
        if (col < 0 || col >= types.size()) {
            return;
        }
        DataType ct = types.get(col);
        Object value = constant(ct, literal);
        if (value == null) {
            return;
        }
        out.add(new ZonePredicate(col, ZoneMapPredicate.compare(op, ct.physical(), value), name + " on $" + col));
    }

    /** The literal in the column's zonemap domain, or null if it cannot be used for pruning. */
    static Object constant(DataType column, Expr literal)
    {
        DataType lt = ProtoTypes.toDataType(literal.getType());
        if (literal.getLiteral().getIsNull() || !sameDomain(column, lt)) {
            return null;
        }
        Object v;
        try {
            v = LiteralDecoder.decode(literal.getLiteral(), lt);
        }
        catch (RuntimeException e) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return v;
    }

    private static boolean sameDomain(DataType column, DataType literal)
    {
        TypeKind c = column.kind();
        TypeKind l = literal.kind();
        if (c == TypeKind.FLOAT || l == TypeKind.FLOAT) {
            // a FLOAT zone map holds widened floats; a double constant may sit between them
            return false;
        }
        if (c.isString() && l.isString()) {
            return true;
        }
        if (c == TypeKind.DECIMAL || l == TypeKind.DECIMAL) {
            return c == l && column.scale() == literal.scale() && column.physical() == literal.physical();
        }
        if (c == TypeKind.LARGEINT || l == TypeKind.LARGEINT) {
            return c == l;
        }
        boolean ci = c.isInteger() || c == TypeKind.BOOLEAN;
        boolean li = l.isInteger() || l == TypeKind.BOOLEAN;
        if (ci && li) {
            return true;
        }
        return c == l;
    }

    private static boolean isColumn(Expr e)
    {
        return e.getNodeCase() == Expr.NodeCase.COLUMN_REF;
    }

    private static boolean isLiteral(Expr e)
    {
        return e.getNodeCase() == Expr.NodeCase.LITERAL;
    }

    private static ZoneMapPredicate.Op op(String name)
    {
        return switch (name) {
            case "eq" -> ZoneMapPredicate.Op.EQ;
            case "ne" -> ZoneMapPredicate.Op.NE;
            case "lt" -> ZoneMapPredicate.Op.LT;
            case "le" -> ZoneMapPredicate.Op.LE;
            case "gt" -> ZoneMapPredicate.Op.GT;
            case "ge" -> ZoneMapPredicate.Op.GE;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static ZoneMapPredicate.Op flip(ZoneMapPredicate.Op op)
    {
        return switch (op) {
            case LT -> ZoneMapPredicate.Op.GT;
            case LE -> ZoneMapPredicate.Op.GE;
            case GT -> ZoneMapPredicate.Op.LT;
            case GE -> ZoneMapPredicate.Op.LE;
            default -> op;
        };
    }
}
