package io.starling.storage.segment;

import java.nio.file.Path;

/**
 * A segment file that cannot be trusted: truncated, bad magic, checksum mismatch, or inconsistent metadata.
 * The message always names the file, so an operator can find and quarantine it.
 */
public final class CorruptSegmentException extends RuntimeException
{
    private final Path file;

    public CorruptSegmentException(Path file, String what)
    {
        this(file, what, null);
    }

    public CorruptSegmentException(Path file, String what, Throwable cause)
    {
        super("Corrupt segment file " + file + ": " + what, cause);
        this.file = file;
    }

    public Path file()
    {
        return file;
    }
}
