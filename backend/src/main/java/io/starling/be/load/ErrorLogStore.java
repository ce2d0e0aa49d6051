package io.starling.be.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Error logs of loads that rejected rows, one file per load under the BE's data directory, served at
 * {@code /api/_load_error_log?file=<name>} (StarRocks' ErrorURL). File names are generated here and validated on
 * read, so a request can never name a path outside the directory.
 */
public final class ErrorLogStore
{
    private final Path dir;
    private final AtomicLong seq = new AtomicLong();

    public ErrorLogStore(Path dir)
    {
        this.dir = dir;
    }

    /** Writes the rejected rows of a load; returns the file name for the ErrorURL. */
    public String write(String label, long txnId, List<String> lines) throws IOException
    {
        Files.createDirectories(dir);
        String safe = label.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (safe.length() > 64) {
            safe = safe.substring(0, 64);
        }
        String name = "error_log_" + safe + "_" + txnId + "_" + seq.incrementAndGet();
        Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
        return name;
    }

    /** The content of a log, or null if there is no such file (or the name is not one of ours). */
    public byte[] read(String name) throws IOException
    {
        if (name == null || !name.matches("error_log_[A-Za-z0-9_.-]+") || name.contains("..")) {
            return null;
        }
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }
}
