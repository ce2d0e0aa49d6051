package io.starling.be.scan;

import io.starling.storage.delvec.DelVector;
import io.starling.storage.segment.SegmentReader;

/**
 * The payload of a scan morsel whose segment has deleted rows (PRIMARY and UNIQUE tablets): the shared reader plus
 * the segment's delete vector at the scan's version. Segments without deletes travel as the bare
 * {@link SegmentReader}, so {@link #of} / {@link #reader} / {@link #deletes} accept both forms.
 */
public record ScanSegment(SegmentReader segment, DelVector deleteVector)
{
    /** The morsel payload for a segment: the reader itself when nothing in it is deleted. */
    public static Object of(SegmentReader reader, DelVector deletes)
    {
        return deletes == null ? reader : new ScanSegment(reader, deletes);
    }

    public static SegmentReader reader(Object payload)
    {
        return payload instanceof ScanSegment s ? s.segment() : (SegmentReader) payload;
    }

    /** The delete vector of a payload, or null. */
    public static DelVector deletes(Object payload)
    {
        return payload instanceof ScanSegment s ? s.deleteVector() : null;
    }
}
