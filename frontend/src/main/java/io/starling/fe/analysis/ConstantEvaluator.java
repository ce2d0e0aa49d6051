package io.starling.fe.analysis;

import io.starling.fe.parser.ParseTrees;
import io.starling.fe.parser.StarRocksParser;
import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Evaluates the small expressions that metadata statements carry, without the query engine: the right-hand side of
 * SET ({@code 'x'}, {@code 1}, {@code @@sql_mode}, {@code CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES')}) and the
 * WHERE of SHOW statements ({@code Variable_name IN ('a', 'b')}, {@code Value LIKE '%x%'}). Values are String,
 * Long, BigDecimal, Double, Boolean or null.
 *
 * <p>Bare identifiers go to the {@code names} resolver: SHOW filters resolve column names of the row; SET resolves
 * them to their own text (so {@code SET sql_mode = ANSI_QUOTES} works as in MySQL).
 */
public final class ConstantEvaluator
{
    private static final String UNSUPPORTED_PREFIX = "Expression not supported in this statement: ";

    private final Function<String, Object> systemVariables;
    private final Function<String, Object> names;
    private final Function<String, Object> userVariables;

    /**
     * @param systemVariables value of {@code @@name} (unknown ones should throw via {@link #unknownVariable})
     * @param names           value of a bare (possibly qualified) identifier
     */
    public ConstantEvaluator(Function<String, Object> systemVariables, Function<String, Object> names)
    {
        this(systemVariables, names, n -> null);
    }

    /**
     * @param systemVariables value of {@code @@name} (unknown ones should throw via {@link #unknownVariable})
     * @param names           value of a bare (possibly qualified) identifier
     * @param userVariables   value of {@code @name} (null when unset)
     */
    public ConstantEvaluator(Function<String, Object> systemVariables, Function<String, Object> names,
            Function<String, Object> userVariables)
    {
        this.systemVariables = systemVariables;
        this.names = names;
        this.userVariables = userVariables;
    }

    /** True if the error means "this evaluator cannot compute the expression" (the query engine may). */
    public static boolean isUnsupported(SqlError e)
    {
        return e.code() == ErrorCode.NOT_SUPPORTED.code() && e.getMessage().startsWith(UNSUPPORTED_PREFIX);
    }

    public Object evaluate(StarRocksParser.ExpressionContext e) throws SqlError
    {
        try {
            return expr(e);
        }
        catch (EvalException ex) {
            throw ex.error;
        }
    }

    /** Truth of a SHOW ... WHERE predicate (NULL is false). */
    public boolean test(StarRocksParser.ExpressionContext e) throws SqlError
    {
        return Boolean.TRUE.equals(toBool(evaluate(e)));
    }

    /** MySQL LIKE with % and _ (case-insensitive, as SHOW ... LIKE is in MySQL with its default collation). */
    public static boolean like(String value, String pattern)
    {
        if (value == null || pattern == null) {
            return false;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '%') {
                re.append(".*");
            }
            else if (c == '_') {
                re.append('.');
            }
            else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value).matches();
    }

    public static RuntimeException unknownVariable(String name)
    {
        return new EvalException(new SqlError(ErrorCode.UNKNOWN_SYSTEM_VARIABLE, name));
    }

    // ---- expressions ----

    private Object expr(StarRocksParser.ExpressionContext e)
    {
        return switch (e) {
            case StarRocksParser.LogicalNotContext n -> not(toBool(expr(n.expression())));
            case StarRocksParser.LogicalBinaryContext b -> logical(b);
            case StarRocksParser.PredicateExpressionContext p -> predicate(p.predicate());
            default -> throw unsupported(e.getText());
        };
    }

    private Object logical(StarRocksParser.LogicalBinaryContext b)
    {
        Boolean l = toBool(expr(b.left));
        Boolean r = toBool(expr(b.right));
        String op = b.operator.getText().toUpperCase(Locale.ROOT);
        return switch (op) {
            case "AND", "&&" -> Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r) ? Boolean.FALSE
                    : l == null || r == null ? null : Boolean.TRUE;
            case "XOR" -> l == null || r == null ? null : l ^ r;
            default -> Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r) ? Boolean.TRUE
                    : l == null || r == null ? null : Boolean.FALSE;
        };
    }

    private Object predicate(StarRocksParser.PredicateContext p)
    {
        return switch (p) {
            case StarRocksParser.ValuePredicateContext v -> value(v.valueExpression());
            case StarRocksParser.ComparisonContext c -> compare(predicate(c.left), value(c.right),
                    c.comparisonOperator().getText());
            case StarRocksParser.IsPredicateContext i -> {
                Object v = predicate(i.predicate());
                boolean r = switch (i.kind.getText().toUpperCase(Locale.ROOT)) {
                    case "NULL" -> v == null;
                    case "TRUE" -> Boolean.TRUE.equals(toBool(v));
                    case "FALSE" -> Boolean.FALSE.equals(toBool(v));
                    default -> toBool(v) == null;
                };
                yield i.NOT() != null ? !r : r;
            }
            case StarRocksParser.InListContext in -> {
                Object v = predicate(in.value);
                if (v == null) {
                    yield null;
                }
                boolean found = false;
                for (StarRocksParser.ExpressionContext x : in.expressionList().expression()) {
                    if (Boolean.TRUE.equals(compare(v, expr(x), "="))) {
                        found = true;
                        break;
                    }
                }
                yield in.NOT() != null ? !found : found;
            }
            case StarRocksParser.LikeContext l -> {
                Object v = predicate(l.value);
                Object pat = value(l.pattern);
                if (v == null || pat == null) {
                    yield null;
                }
                boolean m = like(String.valueOf(v), String.valueOf(pat));
                yield l.NOT() != null ? !m : m;
            }
            case StarRocksParser.BetweenContext b -> {
                Object v = predicate(b.value);
                Boolean ge = toBool(compare(v, value(b.lower), ">="));
                Boolean le = toBool(compare(v, predicate(b.upper), "<="));
                Boolean r = ge == null || le == null ? null : ge && le;
                yield r == null ? null : b.NOT() != null ? !r : r;
            }
            default -> throw unsupported(p.getText());
        };
    }

    private Object value(StarRocksParser.ValueExpressionContext v)
    {
        return switch (v) {
            case StarRocksParser.PrimaryValueContext p -> primary(p.primaryExpression());
            case StarRocksParser.ArithmeticUnaryContext u -> {
                Object x = value(u.valueExpression());
                String op = u.operator.getText();
                if (x == null) {
                    yield null;
                }
                yield switch (op) {
                    case "-" -> x instanceof Long l ? (Object) (-l) : toDecimal(x).negate();
                    case "+" -> x;
                    default -> not(toBool(x));
                };
            }
            case StarRocksParser.ArithmeticBinaryContext b -> {
                Object l = value(b.left);
                Object r = value(b.right);
                if (l == null || r == null) {
                    yield null;
                }
                String op = b.operator.getText();
                if (l instanceof Long a && r instanceof Long c) {
                    yield switch (op) {
                        case "+" -> a + c;
                        case "-" -> a - c;
                        case "*" -> a * c;
                        default -> toDecimal(l).divide(toDecimal(r), 4, java.math.RoundingMode.HALF_UP);
                    };
                }
                BigDecimal a = toDecimal(l);
                BigDecimal c = toDecimal(r);
                yield switch (op) {
                    case "+" -> a.add(c);
                    case "-" -> a.subtract(c);
                    case "*" -> a.multiply(c);
                    default -> a.divide(c, 4, java.math.RoundingMode.HALF_UP);
                };
            }
            default -> throw unsupported(v.getText());
        };
    }

    private Object primary(StarRocksParser.PrimaryExpressionContext p)
    {
        return switch (p) {
            case StarRocksParser.NullLiteralContext n -> null;
            case StarRocksParser.BooleanLiteralContext b -> b.TRUE() != null;
            case StarRocksParser.NumericLiteralContext n -> {
                String t = n.getText();
                if (n.number() instanceof StarRocksParser.IntegerLiteralContext) {
                    try {
                        yield Long.parseLong(t);
                    }
                    catch (NumberFormatException e) {
                        yield new BigDecimal(t);
                    }
                }
                yield n.number() instanceof StarRocksParser.DoubleLiteralContext ? (Object) Double.parseDouble(t)
                        : new BigDecimal(t);
            }
            case StarRocksParser.StringLiteralContext s -> {
                StringBuilder sb = new StringBuilder();
                for (StarRocksParser.StringContext part : s.string()) {
                    sb.append(ParseTrees.string(part));
                }
                yield sb.toString();
            }
            case StarRocksParser.VariableReferenceContext v -> variable(v.variable());
            case StarRocksParser.ParenthesizedExpressionContext pe -> expr(pe.expression());
            case StarRocksParser.ColumnReferenceContext c -> names.apply(String.join(".",
                    ParseTrees.qualifiedName(c.qualifiedName())));
            case StarRocksParser.FunctionCallExpressionContext f -> function(f.functionCall());
            case StarRocksParser.SpecialFunctionContext sf -> throw unsupported(sf.getText());
            default -> throw unsupported(p.getText());
        };
    }

    private Object variable(StarRocksParser.VariableContext v)
    {
        if (v instanceof StarRocksParser.SystemVariableContext s) {
            return systemVariables.apply(ParseTrees.identifier(s.name));
        }
        return userVariables.apply(ParseTrees.identifierOrString(((StarRocksParser.UserVariableContext) v).name));
    }

    private Object function(StarRocksParser.FunctionCallContext f)
    {
        if (!(f instanceof StarRocksParser.SimpleFunctionCallContext call)) {
            throw unsupported(f.getText());
        }
        String name = call.functionName().getText().toLowerCase(Locale.ROOT);
        List<Object> args = new ArrayList<>();
        for (StarRocksParser.ExpressionContext a : call.expression()) {
            args.add(expr(a));
        }
        return switch (name) {
            case "concat" -> {
                StringBuilder sb = new StringBuilder();
                for (Object a : args) {
                    if (a == null) {
                        yield null;
                    }
                    sb.append(text(a));
                }
                yield sb.toString();
            }
            case "concat_ws" -> {
                if (args.isEmpty() || args.get(0) == null) {
                    yield null;
                }
                List<String> parts = new ArrayList<>();
                for (Object a : args.subList(1, args.size())) {
                    if (a != null) {
                        parts.add(text(a));
                    }
                }
                yield String.join(text(args.get(0)), parts);
            }
            case "ifnull", "coalesce" -> {
                for (Object a : args) {
                    if (a != null) {
                        yield a;
                    }
                }
                yield null;
            }
            case "lower", "lcase" -> args.get(0) == null ? null : text(args.get(0)).toLowerCase(Locale.ROOT);
            case "upper", "ucase" -> args.get(0) == null ? null : text(args.get(0)).toUpperCase(Locale.ROOT);
            case "replace" -> args.contains(null) ? null : text(args.get(0)).replace(text(args.get(1)), text(args.get(2)));
            default -> throw unsupported(name + "()");
        };
    }

    // ---- helpers ----

    private static Object compare(Object l, Object r, String op)
    {
        if (l == null || r == null) {
            return op.equals("<=>") ? l == r : null;
        }
        int c;
        if (isNumber(l) && isNumber(r)) {
            c = toDecimal(l).compareTo(toDecimal(r));
        }
        else {
            c = text(l).compareToIgnoreCase(text(r));
        }
        return switch (op) {
            case "=", "<=>" -> c == 0;
            case "!=", "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static boolean isNumber(Object o)
    {
        if (o instanceof Number) {
            return true;
        }
        return false;
    }

    public static String text(Object o)
    {
        if (o instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (o instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return Objects.toString(o);
    }

    private static BigDecimal toDecimal(Object o)
    {
        if (o instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (o instanceof BigDecimal d) {
            return d;
        }
        if (o instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        if (o instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(text(o).trim());
        }
        catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private static Boolean toBool(Object o)
    {
        if (o == null) {
            return null;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        return toDecimal(o).signum() != 0;
    }

    private static Boolean not(Boolean b)
    {
        return b == null ? null : !b;
    }

    private static RuntimeException unsupported(String what)
    {
        return new EvalException(new SqlError(ErrorCode.NOT_SUPPORTED, UNSUPPORTED_PREFIX + what));
    }

    /** Carries a SqlError through the recursive evaluation (visitor methods cannot throw checked exceptions). */
    private static final class EvalException extends RuntimeException
    {
        private final SqlError error;

        EvalException(SqlError error)
        {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }
}
