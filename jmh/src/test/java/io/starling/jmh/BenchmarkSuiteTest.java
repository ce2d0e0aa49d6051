package io.starling.jmh;

import io.starling.exec.kernel.Impl;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every {@code @Benchmark} method of the jmh module once per {@code @Param} combination (size params at their
 * smallest, cache-resident value) through reflection, the way JMH would call it ({@code @Setup}, state arguments,
 * {@code @TearDown}), and checks each result: against {@link Checked#expected} (computed independently) and, for
 * benchmarks with an {@code impl} param, PANAMA against its SCALAR twin. A benchmark class that is neither checked
 * nor twinned fails the test, so a new benchmark cannot measure a wrong kernel unnoticed.
 */
class BenchmarkSuiteTest
{
    /** Params that only scale the input: run at their smallest value. */
    static final Set<String> SIZE_PARAMS = Set.of("rows", "keys", "pages");

    @Test
    void everyBenchmarkMethodReturnsTheCheckedResultForEveryParamCombination() throws Exception
    {
        List<Class<?>> classes = benchmarkClasses();
        assertThat(classes).extracting(Class::getSimpleName).contains("FilterBenchmark", "CompareBenchmark",
                "SumBenchmark", "AggBenchmark", "HashBenchmark", "SelectionBenchmark", "DecodeBenchmark",
                "Lz4Benchmark", "StreamLoadParseBenchmark", "HashAggregateBenchmark");
        int invocations = 0;
        for (Class<?> c : classes) {
            boolean twinned = paramFields(c).stream().anyMatch(f -> f.getType() == Impl.class);
            if (!twinned && !Checked.class.isAssignableFrom(c)) {
                fail(c.getName() + " has neither an Impl param nor implements Checked: its results are never checked");
            }
            long started = System.nanoTime();
            // method + non-impl params -> SCALAR result
            Map<String, Object> scalarResults = new TreeMap<>();
            for (Map<Field, Object> params : combinations(c)) {
                Object bench = newInstance(c);
                String key = set(bench, params);
                Impl impl = (Impl) params.entrySet().stream().filter(e -> e.getKey().getType() == Impl.class)
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                runAnnotated(bench, Setup.class);
                try {
                    for (Method m : benchmarkMethods(c)) {
                        String where = c.getSimpleName() + "." + m.getName() + " " + key + (impl == null ? "" : " impl=" + impl);
                        Object result = m.invoke(bench, stateArguments(m));
                        invocations++;
                        assertThat(m.getReturnType()).as(where + " must return its result").isNotEqualTo(void.class);
                        if (bench instanceof Checked checked) {
                            Object expected = checked.expected(m.getName());
                            if (expected instanceof Predicate<?> p) {
                                @SuppressWarnings("unchecked")
                                Predicate<Object> test = (Predicate<Object>) p;
                                assertThat(test.test(result)).as(where + ": " + result + " does not satisfy " + p).isTrue();
                            }
                            else if (expected != null) {
                                assertSame(where + " vs expected", result, expected);
                            }
                        }
                        if (impl == Impl.SCALAR) {
                            scalarResults.put(m.getName() + " " + key, result);
                        }
                        else if (impl != null) {
                            Object scalar = scalarResults.get(m.getName() + " " + key);
                            assertThat(scalar).as(where + ": no SCALAR run before it").isNotNull();
                            assertSame(where + " vs SCALAR", result, scalar);
                        }
                    }
                }
                finally {
                    runAnnotated(bench, TearDown.class);
                }
            }
            System.out.printf("%s: %d ms%n", c.getSimpleName(), (System.nanoTime() - started) / 1_000_000);
        }
        assertThat(invocations).isGreaterThan(90);
    }

    private static void assertSame(String what, Object actual, Object expected)
    {
        if (actual instanceof Number a && expected instanceof Number e) {
            if (a instanceof Double || a instanceof Float || e instanceof Double || e instanceof Float) {
                assertThat(Double.compare(a.doubleValue(), e.doubleValue())).as(what + ": " + a + " != " + e).isZero();
            }
            else {
                assertThat(a.longValue()).as(what).isEqualTo(e.longValue());
            }
            return;
        }
        assertThat(actual).as(what).isEqualTo(expected);
    }

    /** The non-generated classes of the jmh module's main output with at least one {@code @Benchmark} method. */
    static List<Class<?>> benchmarkClasses() throws IOException, URISyntaxException, ClassNotFoundException
    {
        Path root = Path.of(Checked.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains("jmh_generated") || name.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, BenchmarkSuiteTest.class.getClassLoader());
                if (!Modifier.isAbstract(c.getModifiers()) && !benchmarkMethods(c).isEmpty()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    static List<Method> benchmarkMethods(Class<?> c)
    {
        return Arrays.stream(c.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
                .sorted(Comparator.comparing(Method::getName)).toList();
    }

    static List<Field> paramFields(Class<?> c)
    {
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.isAnnotationPresent(Param.class)) {
                    f.setAccessible(true);
                    fields.add(f);
                }
            }
        }
        // Impl first, so that SCALAR runs before PANAMA for the same other params
        fields.sort(Comparator.comparing((Field f) -> f.getType() != Impl.class).thenComparing(Field::getName));
        return fields;
    }

    /** Every combination of the param values, size params at their smallest; the Impl param varies fastest. */
    static List<Map<Field, Object>> combinations(Class<?> c)
    {
        List<Map<Field, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        List<Field> fields = new ArrayList<>(paramFields(c));
        java.util.Collections.reverse(fields);
        for (Field f : fields) {
            List<Object> values = values(f);
            List<Map<Field, Object>> next = new ArrayList<>();
            for (Map<Field, Object> partial : out) {
                for (Object v : values) {
                    Map<Field, Object> m = new LinkedHashMap<>(partial);
                    m.put(f, v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private static List<Object> values(Field f)
    {
        String[] raw = f.getAnnotation(Param.class).value();
        if (raw.length == 0 && f.getType().isEnum()) {
            return Arrays.asList((Object[]) f.getType().getEnumConstants());
        }
        List<Object> values = new ArrayList<>();
        for (String s : raw) {
            values.add(convert(f.getType(), s));
        }
        if (SIZE_PARAMS.contains(f.getName()) && (f.getType() == int.class || f.getType() == long.class)) {
            return List.of(values.stream().min(Comparator.comparingLong(v -> ((Number) v).longValue())).orElseThrow());
        }
        return values;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Class<?> type, String s)
    {
        if (type == int.class) {
            return Integer.parseInt(s);
        }
        if (type == long.class) {
            return Long.parseLong(s);
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(s);
        }
        if (type == double.class) {
            return Double.parseDouble(s);
        }
        if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, s);
        }
        return s;
    }

    /** Sets the params; returns them as text (without impl) for messages and twin matching. */
    private static String set(Object bench, Map<Field, Object> params) throws IllegalAccessException
    {
        StringBuilder key = new StringBuilder();
        for (Map.Entry<Field, Object> e : params.entrySet()) {
            e.getKey().set(bench, e.getValue());
            if (e.getKey().getType() != Impl.class) {
                key.append(e.getKey().getName()).append('=').append(e.getValue()).append(' ');
            }
        }
        return key.toString().trim();
    }

    static Object newInstance(Class<?> c) throws ReflectiveOperationException
    {
        var ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        return ctor.newInstance();
    }

    /** Calls every method of {@code o} annotated {@code a} (JMH's fixture methods). */
    static void runAnnotated(Object o, Class<? extends java.lang.annotation.Annotation> a) throws Exception
    {
        for (Method m : o.getClass().getMethods()) {
            if (m.isAnnotationPresent(a)) {
                try {
                    m.invoke(o);
                }
                catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        }
    }

    /** Arguments of a benchmark method: fresh {@code @State} objects (set up) and a Blackhole. */
    static Object[] stateArguments(Method m) throws Exception
    {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Blackhole.class) {
                args[i] = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            }
            else if (types[i].isAnnotationPresent(State.class)) {
                args[i] = newInstance(types[i]);
                runAnnotated(args[i], Setup.class);
            }
            else {
                throw new IllegalArgumentException(m + " takes a " + types[i] + ", which JMH cannot supply");
            }
        }
        return args;
    }
}
