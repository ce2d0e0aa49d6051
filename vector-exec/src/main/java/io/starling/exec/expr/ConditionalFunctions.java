package io.starling.exec.expr;

import io.starling.exec.expr.FunctionRegistry.ArgKind;
import io.starling.exec.expr.FunctionRegistry.Signature;

import java.util.List;

/**
 * ifnull, nullif, if and coalesce as functions (the planner may also build {@link IfExpr} and
 * {@link CoalesceExpr} nodes, which are equivalent). None of them propagates NULL arguments blindly.
 */
final class ConditionalFunctions
{
    private ConditionalFunctions()
    {
    }

    static void register(FunctionRegistry r)
    {
        r.register(List.of("ifnull", "nvl"), new Signature(List.of(ArgKind.ANY, ArgKind.ANY), null, false,
                (args, ret) -> a -> a[0] != null ? Casts.cast(a[0], args[0], ret, false) : Casts.cast(a[1], args[1], ret, false)));
        r.register(List.of("nullif"), new Signature(List.of(ArgKind.ANY, ArgKind.ANY), null, false,
                (args, ret) -> a -> {
                    if (a[0] == null) {
                        return null;
                    }
                    if (a[1] != null && Values.compare(a[0], args[0], a[1], args[1]) == 0) {
                        return null;
                    }
                    return Casts.cast(a[0], args[0], ret, false);
                }));
        r.register(List.of("if"), new Signature(List.of(ArgKind.BOOLEAN, ArgKind.ANY, ArgKind.ANY), null, false,
                (args, ret) -> a -> Boolean.TRUE.equals(a[0]) ? Casts.cast(a[1], args[1], ret, false)
                        : Casts.cast(a[2], args[2], ret, false)));
        r.register(List.of("coalesce"), new Signature(List.of(ArgKind.ANY), ArgKind.ANY, false, (args, ret) -> a -> {
            for (int i = 0; i < a.length; i++) {
                if (a[i] != null) {
                    return Casts.cast(a[i], args[i], ret, false);
                }
            }
            return null;
        }));
    }
}
