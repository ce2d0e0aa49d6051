package io.starling.be.compaction;

import io.starling.storage.tablet.TabletStore;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The BE's compaction settings, named as StarRocks' BE configuration items. Read from {@code conf/be.conf}
 * ({@code key = value} lines, relative to the working directory, as bin/starling runs) when it exists, each
 * overridable by the system property {@code starling.be.<key>} (tests).
 *
 * @param maxCompactionConcurrency {@code max_compaction_concurrency}: compaction threads (default 1: the
 *        machine is small; 0 disables background compaction, ALTER TABLE ... COMPACT still works)
 * @param checkIntervalSeconds {@code cumulative_compaction_check_interval_seconds}: how often the scheduler
 *        scores the tablets (StarRocks' default 1 s; ours 5: scoring reads every tablet's meta)
 * @param minScore a tablet is compacted in the background only from this score on (StarRocks' cumulative
 *        default needs {@code min_cumulative_compaction_num_singleton_deltas} = 5 small rowsets)
 * @param tabletMaxVersions {@code tablet_max_versions} (default 1000)
 * @param staleSweepSeconds {@code tablet_rowset_stale_sweep_time_sec} (default 1800): grace before rowsets
 *        replaced by compaction are garbage-collected
 */
public record CompactionConfig(int maxCompactionConcurrency, long checkIntervalSeconds, double minScore, int tabletMaxVersions,
        long staleSweepSeconds)
{
    public static final String FILE = "conf/be.conf";

    public static CompactionConfig load()
    {
        Properties p = new Properties();
        Path file = Path.of(FILE);
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            catch (IOException e) {
                throw new IllegalStateException("cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        return new CompactionConfig(
                (int) get(p, "max_compaction_concurrency", 1),
                get(p, "cumulative_compaction_check_interval_seconds", 5),
                get(p, "min_compaction_score", 5),
                (int) get(p, "tablet_max_versions", TabletStore.DEFAULT_MAX_VERSIONS),
                get(p, "tablet_rowset_stale_sweep_time_sec", TabletStore.DEFAULT_STALE_SWEEP_SECONDS));
    }

    private static long get(Properties p, String key, long def)
    {
        String v = System.getProperty("starling.be." + key, p.getProperty(key));
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("BE config " + key + " must be an integer, got '" + v + "'", e);
        }
    }
}
