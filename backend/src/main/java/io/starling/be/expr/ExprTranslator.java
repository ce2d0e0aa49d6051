package io.starling.be.expr;

import io.starling.exec.expr.AndExpr;
import io.starling.exec.expr.ArithmeticExpr;
import io.starling.exec.expr.CastExpr;
import io.starling.exec.expr.ColumnRef;
import io.starling.exec.expr.CompareExpr;
import io.starling.exec.expr.Expression;
import io.starling.exec.expr.FunctionResolutionException;
import io.starling.exec.expr.InExpr;
import io.starling.exec.expr.IsNullExpr;
import io.starling.exec.expr.Literal;
import io.starling.exec.expr.NotExpr;
import io.starling.exec.expr.OrExpr;
import io.starling.rpc.proto.Call;
import io.starling.rpc.proto.Expr;
import io.starling.storage.types.DataType;
import io.starling.storage.types.PhysicalType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translates plan IR expressions ({@link Expr}) into executable {@link Expression} trees. Result types come from
 * the plan ({@code Expr.type}); the translator never infers types, it only checks that column references match
 * the input they are evaluated against.
 *
 * <p>Operator names (plan.proto): arithmetic, comparisons, logic, null tests, IN / NOT IN (rewritten to OR / AND of
 * comparisons, which has exactly SQL's three-valued semantics), LIKE, CASE, IF / IFNULL / NULLIF / COALESCE and
 * CAST; every other name is a function resolved through {@link FunctionResolver}.
 */
public final class ExprTranslator
{
    private final List<DataType> inputTypes;
    private final FunctionResolver functions;

    /**
     * @param inputTypes the row the expressions are evaluated against (ColumnRef indexes point into it)
     */
    public ExprTranslator(List<DataType> inputTypes, FunctionResolver functions)
    {
        this.inputTypes = List.copyOf(inputTypes);
        this.functions = functions;
    }

    public ExprTranslator(List<DataType> inputTypes)
    {
        this(inputTypes, FunctionResolver.DEFAULT);
    }

    public List<Expression> translateAll(List<Expr> exprs)
    {
        List<Expression> out = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            out.add(translate(e));
        }
        return out;
    }

    public Expression translate(Expr e)
    {
        DataType type = ProtoTypes.toDataType(e.getType());
        return switch (e.getNodeCase()) {
            case COLUMN_REF -> columnRef(e.getColumnRef().getIndex(), type, e.getColumnRef().getName());
            case LITERAL -> new Literal(type, LiteralDecoder.decode(e.getLiteral(), type));
            case CALL -> call(e.getCall(), type);
            case NODE_NOT_SET -> throw new IllegalArgumentException("expression without a node: " + e);
        };
    }

    private Expression columnRef(int index, DataType type, String name)
    {
        if (index < 0 || index >= inputTypes.size()) {
            throw new IllegalArgumentException("column reference " + index + " (" + name + ") outside the input row of "
                    + inputTypes.size() + " columns");
        }
        DataType actual = inputTypes.get(index);
        if (sameInt128Integers(actual, type)) {
            // Calcite has no LARGEINT: the planner may type a LARGEINT column as DECIMAL(38, 0). Both are 128-bit
            // unscaled integers, so the column is read as the plan's type without a conversion.
            return new ColumnRef(index, type);
        }
        if (actual.kind() != type.kind() && !(actual.kind().isString() && type.kind().isString())) {
            throw new IllegalArgumentException("column reference " + index + " (" + name + ") is " + type
                    + " in the plan but the input column is " + actual);
        }
        return new ColumnRef(index, actual);
    }

    private static boolean sameInt128Integers(DataType a, DataType b)
    {
        return a.kind() != b.kind() && a.physical() == PhysicalType.INT128 && b.physical() == PhysicalType.INT128
                && (a.kind() == TypeKind.LARGEINT || a.scale() == 0) && (b.kind() == TypeKind.LARGEINT || b.scale() == 0);
    }

    private Expression call(Call c, DataType type)
    {
        String name = c.getName().toLowerCase(Locale.ROOT);
        List<Expression> args = translateAll(c.getArgsList());
        return switch (name) {
            case "add" -> arith(ArithmeticExpr.Op.ADD, args, type);
            case "subtract" -> arith(ArithmeticExpr.Op.SUB, args, type);
            case "multiply" -> arith(ArithmeticExpr.Op.MUL, args, type);
            case "divide" -> arith(ArithmeticExpr.Op.DIV, args, type);
            case "int_divide" -> arith(ArithmeticExpr.Op.INT_DIV, args, type);
            case "mod" -> args.size() == 2 ? arith(ArithmeticExpr.Op.MOD, args, type) : functions.resolve(name, args, type);
            case "negate" -> ArithmeticExpr.negate(one(name, args), type);
            case "eq" -> compare(CompareExpr.Op.EQ, args);
            case "ne" -> compare(CompareExpr.Op.NE, args);
            case "lt" -> compare(CompareExpr.Op.LT, args);
            case "le" -> compare(CompareExpr.Op.LE, args);
            case "gt" -> compare(CompareExpr.Op.GT, args);
            case "ge" -> compare(CompareExpr.Op.GE, args);
            case "eq_for_null" -> compare(CompareExpr.Op.EQ_FOR_NULL, args);
            case "and" -> AndExpr.of(atLeast(name, args, 1));
            case "or" -> OrExpr.of(atLeast(name, args, 1));
            case "not" -> new NotExpr(one(name, args));
            case "is_null" -> new IsNullExpr(one(name, args), false);
            case "is_not_null" -> new IsNullExpr(one(name, args), true);
            case "in" -> in(args, false);
            case "not_in" -> in(args, true);
            case "cast" -> new CastExpr(one(name, args), type, c.getStrict());
            case "like", "not_like", "case", "if", "ifnull", "nullif", "coalesce" ->
                    functions.resolveSpecial(name, args, type, c.getHasCaseOperand());
            default -> functions.resolve(name, args, type);
        };
    }

    private static Expression arith(ArithmeticExpr.Op op, List<Expression> args, DataType type)
    {
        if (args.size() != 2) {
            throw new IllegalArgumentException(op + " takes 2 arguments, got " + args.size());
        }
        return new ArithmeticExpr(op, args.get(0), args.get(1), type);
    }

    private static Expression compare(CompareExpr.Op op, List<Expression> args)
    {
        if (args.size() != 2) {
            throw new IllegalArgumentException(op + " takes 2 arguments, got " + args.size());
        }
        return new CompareExpr(op, args.get(0), args.get(1));
    }

    /**
     * {@code x IN (a, b)} is {@code x = a OR x = b} and {@code x NOT IN (a, b)} is {@code x != a AND x != b} under
     * three-valued logic, NULLs included: used when the list holds non-constant expressions; constant lists go to
     * the hash-set {@link InExpr}.
     */
    private static Expression in(List<Expression> args, boolean negated)
    {
        if (args.size() < 2) {
            throw new IllegalArgumentException((negated ? "not_in" : "in") + " needs a value and at least one list element");
        }
        Expression value = args.getFirst();
        List<Literal> literals = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i) instanceof Literal l) {
                literals.add(l);
            }
        }
        if (literals.size() == args.size() - 1) {
            return new InExpr(value, literals, negated);
        }
        List<Expression> terms = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            terms.add(new CompareExpr(negated ? CompareExpr.Op.NE : CompareExpr.Op.EQ, value, args.get(i)));
        }
        return negated ? AndExpr.of(terms) : OrExpr.of(terms);
    }

    private static Expression one(String name, List<Expression> args)
    {
        if (args.size() != 1) {
            throw new IllegalArgumentException(name + " takes 1 argument, got " + args.size());
        }
        return args.getFirst();
    }

    private static List<Expression> atLeast(String name, List<Expression> args, int n)
    {
        if (args.size() < n) {
            throw new FunctionResolutionException(name + " needs at least " + n + " argument(s)");
        }
        return args;
    }
}
