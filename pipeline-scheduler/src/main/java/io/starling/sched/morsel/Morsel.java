package io.starling.sched.morsel;

/**
 * A unit of scan work handed to whichever scan driver asks next: one segment of one tablet at one version
 * (StarRocks {@code scan/morsel.h}: tablet/rowset/physical-split ranges). {@code segment} indexes the segments of
 * the tablet's snapshot in rowset order; -1 means "the whole tablet" (used when the segment count is unknown when
 * morsels are cut). {@code payload} carries what the consumer needs to read it without another lookup (for the BE:
 * the opened snapshot); the scheduler never looks at it. {@code node} is the NUMA node (dense index) whose workers
 * should read it first, or {@link #ANY_NODE} to let the {@link MorselQueue} place it.
 */
public record Morsel(long tabletId, long version, int segment, Object payload, int node)
{
    /** Segment value meaning the whole tablet. */
    public static final int WHOLE_TABLET = -1;

    /** Node value meaning "no preference": the queue spreads such morsels over the nodes by tablet. */
    public static final int ANY_NODE = -1;

    /** A morsel without a node preference. */
    public Morsel(long tabletId, long version, int segment, Object payload)
    {
        this(tabletId, version, segment, payload, ANY_NODE);
    }
}
