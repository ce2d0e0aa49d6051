package io.starling.be.expr;

import io.starling.exec.expr.CaseExpr;
import io.starling.exec.expr.CoalesceExpr;
import io.starling.exec.expr.CompareExpr;
import io.starling.exec.expr.Expression;
import io.starling.exec.expr.FunctionCall;
import io.starling.exec.expr.FunctionResolutionException;
import io.starling.exec.expr.LikeExpr;
import io.starling.exec.expr.IfExpr;
import io.starling.exec.expr.Literal;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link FunctionResolver}: delegates to the expression package's node classes; named functions go
 * to {@link FunctionCall} over the built-in function registry, which fails with a clear
 * {@link FunctionResolutionException} for unknown names or argument types.
 */
final class ExpressionFactories implements FunctionResolver
{
    @Override
    public Expression resolve(String name, List<Expression> args, DataType resultType)
    {
        // FunctionCall resolves against FunctionRegistry.builtins() and fails with FunctionResolutionException
        return new FunctionCall(name, args, resultType);
    }

    @Override
    public Expression resolveSpecial(String name, List<Expression> args, DataType resultType, boolean hasCaseOperand)
    {
        return switch (name) {
            case "case" -> caseExpr(args, resultType, hasCaseOperand);
            case "if" -> {
                check(name, args, 3);
                yield new IfExpr(args.get(0), args.get(1), args.get(2), resultType);
            }
            case "ifnull" -> {
                check(name, args, 2);
                yield new CoalesceExpr(args, resultType);
            }
            case "coalesce" -> new CoalesceExpr(args, resultType);
            case "like", "not_like" -> {
                if (args.size() < 2 || args.size() > 3) {
                    throw new FunctionResolutionException(name + " takes 2 or 3 arguments: " + name + describe(args));
                }
                boolean negated = name.equals("not_like");
                if (args.size() == 3) {
                    if (!(args.get(2) instanceof Literal lit) || !(lit.value() instanceof String esc) || esc.length() != 1) {
                        throw new FunctionResolutionException("LIKE ... ESCAPE needs a one-character constant");
                    }
                    yield new LikeExpr(args.get(0), args.get(1), esc.charAt(0), negated);
                }
                yield new LikeExpr(args.get(0), args.get(1), negated);
            }
            case "nullif" -> {
                // NULLIF(a, b) = IF(a = b, NULL, a); a NULL comparison result takes the ELSE branch as required
                check(name, args, 2);
                yield new IfExpr(new CompareExpr(CompareExpr.Op.EQ, args.get(0), args.get(1)), Literal.nullOf(resultType), args.get(0), resultType);
            }
            default -> throw new FunctionResolutionException("No matching function with signature: " + name + describe(args));
        };
    }

    private static Expression caseExpr(List<Expression> args, DataType type, boolean hasOperand)
    {
        int i = 0;
        Expression operand = null;
        if (hasOperand) {
            operand = args.getFirst();
            i = 1;
        }
        List<Expression> whens = new ArrayList<>();
        List<Expression> thens = new ArrayList<>();
        for (; i + 1 < args.size(); i += 2) {
            whens.add(args.get(i));
            thens.add(args.get(i + 1));
        }
        Expression otherwise = i < args.size() ? args.get(i) : null;
        return new CaseExpr(operand, whens, thens, otherwise, type);
    }

    private static void check(String name, List<Expression> args, int n)
    {
        if (args.size() != n) {
            throw new FunctionResolutionException(name + " takes " + n + " arguments, got " + args.size() + ": " + name + describe(args));
        }
    }

    static String describe(List<Expression> args)
    {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < args.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(args.get(i).type());
        }
        return sb.append(")").toString();
    }
}
