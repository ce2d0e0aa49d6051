package io.starling.exec.expr;

import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scalar functions by lower-case StarRocks name and argument types. Each name has one or more signatures made of
 * argument kinds ({@link ArgKind}); the first signature that accepts the call's argument types is bound to the
 * concrete argument and result types, producing a {@link RowFunction}. The result type comes from the planner;
 * implementations convert what they compute into that type.
 *
 * <p>{@link #builtins()} holds the functions the FE emits today (math, string, date/time, conditional).
 */
public final class FunctionRegistry
{
    /** What an argument position accepts. A NULL-typed argument is accepted everywhere. */
    public enum ArgKind
    {
        ANY,
        /** Integers, DECIMAL, FLOAT/DOUBLE, BOOLEAN. */
        NUMERIC,
        /** TINYINT..LARGEINT and BOOLEAN. */
        INTEGER,
        STRING,
        /** DATE, DATETIME, or a string parsed as a datetime. */
        TEMPORAL,
        BOOLEAN,
        /** A BITMAP value (sketch kinds are accepted only where named, besides ANY). */
        BITMAP,
        HLL;

        boolean accepts(DataType t)
        {
            TypeKind k = t.kind();
            if (k == TypeKind.NULL) {
                return true;
            }
            return switch (this) {
                case ANY -> true;
                case NUMERIC -> k.isNumeric() || k == TypeKind.BOOLEAN;
                case INTEGER -> k.isInteger() || k == TypeKind.BOOLEAN;
                case STRING -> k.isString();
                case TEMPORAL -> k.isTemporal() || k.isString();
                case BOOLEAN -> k == TypeKind.BOOLEAN;
                case BITMAP -> k == TypeKind.BITMAP;
                case HLL -> k == TypeKind.HLL;
            };
        }
    }

    /** A function bound to concrete types, applied to one row's argument values (Values domain). */
    @FunctionalInterface
    public interface RowFunction
    {
        /** Returns the value in the result type's domain, or null. Must not keep {@code args}. */
        Object apply(Object[] args);
    }

    /** Binds an implementation to the call's argument types and result type (precomputing what it can). */
    @FunctionalInterface
    public interface Binder
    {
        RowFunction bind(DataType[] argTypes, DataType returnType);
    }

    /**
     * One overload: fixed argument kinds, optional trailing varargs kind (null = none), and whether a NULL
     * argument makes the result NULL without calling the implementation.
     */
    public record Signature(List<ArgKind> fixed, ArgKind varargs, boolean nullPropagating, Binder binder)
    {
        boolean accepts(List<DataType> args)
        {
            if (args.size() < fixed.size() || (varargs == null && args.size() != fixed.size())) {
                return false;
            }
            for (int i = 0; i < args.size(); i++) {
                ArgKind k = i < fixed.size() ? fixed.get(i) : varargs;
                if (!k.accepts(args.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The result of resolution: the bound row function and its NULL handling. */
    public record Resolved(String name, RowFunction function, boolean nullPropagating)
    {
    }

    private static final FunctionRegistry BUILTINS = createBuiltins();

    private final Map<String, List<Signature>> functions = new HashMap<>();

    /** An empty registry (tests, extensions). */
    public FunctionRegistry()
    {
    }

    /** The built-in StarRocks functions. Shared and read-only after construction. */
    public static FunctionRegistry builtins()
    {
        return BUILTINS;
    }

    private static FunctionRegistry createBuiltins()
    {
        FunctionRegistry r = new FunctionRegistry();
        MathFunctions.register(r);
        StringFunctions.register(r);
        DateFunctions.register(r);
        ConditionalFunctions.register(r);
        RegexpFunctions.register(r);
        SketchFunctions.register(r);
        return r;
    }

    /** Adds an overload to one or more names (aliases). */
    public void register(List<String> names, Signature signature)
    {
        for (String n : names) {
            functions.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(signature);
        }
    }

    /** Convenience: a NULL-propagating overload with fixed argument kinds. */
    public void register(String name, Binder binder, ArgKind... kinds)
    {
        register(List.of(name), new Signature(List.of(kinds), null, true, binder));
    }

    public boolean contains(String name)
    {
        return functions.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Finds and binds {@code name(argTypes) -> returnType}.
     *
     * @throws FunctionResolutionException naming the function and argument types when nothing matches
     */
    public Resolved resolve(String name, List<DataType> argTypes, DataType returnType)
    {
        String key = name.toLowerCase(Locale.ROOT);
        List<Signature> sigs = functions.get(key);
        if (sigs != null) {
            for (Signature s : sigs) {
                if (s.accepts(argTypes)) {
                    RowFunction f = s.binder().bind(argTypes.toArray(new DataType[0]), returnType);
                    return new Resolved(key, f, s.nullPropagating());
                }
            }
        }
        String sig = key + "(" + argTypes.stream().map(t -> t.toSql()).collect(Collectors.joining(", ")) + ")";
        if (sigs == null) {
            throw new FunctionResolutionException("Unknown function '" + key + "': no matching function with signature: " + sig);
        }
        throw new FunctionResolutionException("No matching function with signature: " + sig);
    }
}
