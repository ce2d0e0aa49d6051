package io.starling.storage.tablet;

/**
 * A compaction could not commit because its inputs changed under it: another compaction replaced one of them or
 * the tablet was dropped. Nothing was committed; the caller discards its output.
 */
public final class CompactionConflictException extends IllegalStateException
{
    public CompactionConflictException(String message)
    {
        super(message);
    }
}
