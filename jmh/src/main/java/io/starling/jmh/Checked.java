package io.starling.jmh;

/**
 * A benchmark whose results can be checked without running its twin: {@code BenchmarkSuiteTest} invokes each
 * {@code @Benchmark} method once (after {@code @Setup}) and compares the returned value with
 * {@link #expected(String)}, computed by an independent path (a plain loop over the generator's values, not the
 * code being measured). Benchmarks with an {@code impl} param are additionally compared with their scalar twin.
 */
public interface Checked
{
    /**
     * The value benchmark method {@code method} must return for the current params, computed independently
     * of the measured code, or a {@link java.util.function.Predicate} the result must satisfy where only bounds
     * are known (false-positive rates); {@code null} if only the scalar-twin comparison applies to that method.
     */
    Object expected(String method);
}
