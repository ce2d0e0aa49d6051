package io.starling.storage.segment;

import io.starling.storage.index.zonemap.ZoneMap;
import io.starling.storage.types.DataType;

import java.util.List;

/**
 * Footer entry of one column: its type, segment-level zone map and pages (ordinal index + page zone maps).
 * {@code pageFirstRows} mirrors {@code pages[i].firstRow()} as a primitive array for binary search.
 */
record ColumnMeta(DataType type, ZoneMap zoneMap, List<PageMeta> pages, long[] pageFirstRows)
{
    static ColumnMeta of(DataType type, ZoneMap zoneMap, List<PageMeta> pages)
    {
        long[] first = new long[pages.size()];
        for (int i = 0; i < first.length; i++) {
            first[i] = pages.get(i).firstRow();
        }
        return new ColumnMeta(type, zoneMap, List.copyOf(pages), first);
    }

    /** Index of the page holding row {@code row} (which must be below the segment's row count). */
    int pageOf(long row)
    {
        int lo = 0;
        int hi = pageFirstRows.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pageFirstRows[mid] <= row) {
                lo = mid;
            }
            else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
