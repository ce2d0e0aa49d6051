package io.starling.storage.tablet;

/**
 * A load into a tablet whose version count (live rowsets plus pending ones) exceeds {@code tablet_max_versions}:
 * compaction has fallen behind the loads. The message is StarRocks' ("Too many versions. tablet_id: …,
 * version_count: …, limit: …"); the load fails before writing anything, so nothing of it becomes visible.
 */
public final class TooManyVersionsException extends IllegalStateException
{
    private final long tabletId;
    private final int versionCount;
    private final int limit;

    public TooManyVersionsException(long tabletId, int versionCount, int limit)
    {
        super("Too many versions. tablet_id: " + tabletId + ", version_count: " + versionCount + ", limit: " + limit);
        this.tabletId = tabletId;
        this.versionCount = versionCount;
        this.limit = limit;
    }

    public long tabletId()
    {
        return tabletId;
    }

    public int versionCount()
    {
        return versionCount;
    }

    public int limit()
    {
        return limit;
    }
}
