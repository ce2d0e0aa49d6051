package io.starling.be.rf;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime filters of one fragment, by filter id: join builds publish into it, scans read from it. A scan never
 * waits for a filter: it uses whatever has been published when it starts a segment or reads a batch (the probe
 * pipeline parks until the build is done, so normally every filter is there before the scan has read much).
 * {@link #version()} changes on every publish so scans re-read the map only when something new arrived.
 */
public final class RuntimeFilterRegistry
{
    private final ConcurrentHashMap<Integer, RuntimeFilter> filters = new ConcurrentHashMap<>();
    private final AtomicInteger version = new AtomicInteger();

    public void publish(RuntimeFilter filter)
    {
        filters.put(filter.id(), filter);
        version.incrementAndGet();
    }

    /** The published filter, or null if its build has not finished (or failed, or was cancelled). */
    public RuntimeFilter get(int id)
    {
        return filters.get(id);
    }

    public int version()
    {
        return version.get();
    }
}
