package io.starling.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Queries expected to fail (error or wrong answer) today, each with the reason. The JUnit harness test fails on any
 * other failure and prints these; the list must only shrink. A listed query that starts passing is reported so it
 * can be removed.
 */
final class KnownFailures
{
    static final Map<String, String> QUERIES;

    static {
        Map<String, String> m = new TreeMap<>();
        QUERIES = java.util.Collections.unmodifiableMap(m);
    }

    private KnownFailures()
    {
    }

    static boolean isKnown(String qualifiedId)
    {
        return QUERIES.containsKey(qualifiedId);
    }
}
