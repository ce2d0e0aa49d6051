package io.starling.be.scan;

import io.starling.storage.index.IndexValues;
import io.starling.storage.index.bitmap.BitmapIndex;
import io.starling.storage.index.bloom.BloomFilter;
import io.starling.storage.index.shortkey.ShortKeyEncoder;
import io.starling.storage.index.shortkey.ShortKeyIndex;
import io.starling.storage.index.zonemap.ZoneMapPredicate;
import io.starling.storage.segment.RowRange;
import io.starling.storage.segment.SegmentReader;
import io.starling.storage.types.DataType;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a segment and the scan's {@link ZonePredicate}s into the row ranges worth reading, using every index the
 * segment has, cheapest and most selective first: the short key index (range/equality predicates on leading sort key
 * columns → one row range by binary search), bitmap indexes (=, IN, != on indexed columns → exact row sets, coalesced
 * into ranges), then per page the zone maps and, for = and IN, the page bloom filters. Pages outside the ranges kept
 * so far are not examined. Every step is conservative: the scan's conjuncts still run on the rows read.
 * Counters go to {@link ScanStats} per index.
 */
final class SegmentPruner
{
    /** Rows between two bitmap matches below which the ranges are merged: a batch read beats many tiny ones. */
    static final int BITMAP_GAP_ROWS = 1024;

    private SegmentPruner()
    {
    }

    static List<RowRange> survivingRanges(SegmentReader s, int[] tableColumns, List<ZonePredicate> preds, ScanStats stats)
    {
        List<RowRange> result = List.of(new RowRange(0, s.numRows()));
        if (preds.isEmpty()) {
            return result;
        }
        result = byShortKey(s, tableColumns, preds, result, stats);
        if (!result.isEmpty()) {
            result = byBitmaps(s, tableColumns, preds, result, stats);
        }
        if (!result.isEmpty()) {
            result = byPages(s, tableColumns, preds, result, stats);
        }
        return result;
    }

    private static List<RowRange> byShortKey(SegmentReader s, int[] tableColumns, List<ZonePredicate> preds, List<RowRange> in, ScanStats stats)
    {
        ShortKeyIndex sk = s.shortKeyIndex();
        if (sk == null) {
            return in;
        }
        List<DataType> keyTypes = new ArrayList<>();
        for (int i = 0; i < sk.keyColumns(); i++) {
            keyTypes.add(s.columnType(i));
        }
        ShortKeyEncoder enc = ShortKeyEncoder.of(keyTypes);
        List<Object> lower = new ArrayList<>();
        List<Object> upper = new ArrayList<>();
        for (int k = 0; k < enc.columns(); k++) {
            Object eq = null;
            Object lo = null;
            Object hi = null;
            for (ZonePredicate p : preds) {
                if (tableColumns[p.outputColumn()] != k) {
                    continue;
                }
                ZoneMapPredicate z = p.predicate();
                List<Object> v = z.values();
                switch (z.op()) {
                    case EQ -> eq = v.getFirst();
                    case IN -> {
                        if (v.size() == 1) {
                            eq = v.getFirst();
                        }
                    }
                    case GE, GT -> lo = v.getFirst();
                    case LE, LT -> hi = v.getFirst();
                    case BETWEEN -> {
                        lo = v.get(0);
                        hi = v.get(1);
                    }
                    default -> {
                    }
                }
            }
            if (eq != null) {
                lower.add(eq);
                upper.add(eq);
                continue;
            }
            if (lo != null) {
                lower.add(lo);
            }
            if (hi != null) {
                upper.add(hi);
            }
            break;
        }
        if (lower.isEmpty() && upper.isEmpty()) {
            return in;
        }
        long[] r = sk.rowRange(lower.isEmpty() ? null : enc.encodeBound(lower), upper.isEmpty() ? null : enc.encodeBound(upper));
        List<RowRange> out = OlapScanOperator.intersect(in, List.of(new RowRange(r[0], r[1] - r[0])));
        stats.shortKeyRowsSkipped.addAndGet(rows(in) - rows(out));
        return out;
    }

    private static List<RowRange> byBitmaps(SegmentReader s, int[] tableColumns, List<ZonePredicate> preds, List<RowRange> in, ScanStats stats)
    {
        RoaringBitmap selected = null;
        for (ZonePredicate p : preds) {
            ZoneMapPredicate z = p.predicate();
            if (z.op() != ZoneMapPredicate.Op.EQ && z.op() != ZoneMapPredicate.Op.IN && z.op() != ZoneMapPredicate.Op.NE) {
                continue;
            }
            BitmapIndex idx = TabletIndexManager.bitmap(s, tableColumns[p.outputColumn()]);
            if (idx == null) {
                continue;
            }
            RoaringBitmap rows = z.op() == ZoneMapPredicate.Op.NE ? idx.rowsNotIn(z.values()) : idx.rowsIn(z.values());
            if (selected == null) {
                selected = rows;
            }
            else {
                selected.and(rows);
            }
        }
        if (selected == null) {
            return in;
        }
        List<RowRange> out = OlapScanOperator.intersect(in, toRanges(selected));
        stats.bitmapRowsSkipped.addAndGet(rows(in) - rows(out));
        return out;
    }

    /** Sorted row ids as ranges, merging gaps shorter than {@link #BITMAP_GAP_ROWS}. */
    static List<RowRange> toRanges(RoaringBitmap rows)
    {
        List<RowRange> out = new ArrayList<>();
        PeekableIntIterator it = rows.getIntIterator();
        long start = -1;
        long end = -1;
        while (it.hasNext()) {
            long r = Integer.toUnsignedLong(it.next());
            if (start >= 0 && r - end < BITMAP_GAP_ROWS) {
                end = r + 1;
                continue;
            }
            if (start >= 0) {
                out.add(new RowRange(start, end - start));
            }
            start = r;
            end = r + 1;
        }
        if (start >= 0) {
            out.add(new RowRange(start, end - start));
        }
        return out;
    }

    private static List<RowRange> byPages(SegmentReader s, int[] tableColumns, List<ZonePredicate> preds, List<RowRange> in, ScanStats stats)
    {
        List<RowRange> result = in;
        for (ZonePredicate p : preds) {
            int col = tableColumns[p.outputColumn()];
            ZoneMapPredicate z = p.predicate();
            long[] hashes = null;
            if ((z.op() == ZoneMapPredicate.Op.EQ || z.op() == ZoneMapPredicate.Op.IN) && s.hasBloomFilter(col)) {
                List<Object> v = z.values();
                hashes = new long[v.size()];
                for (int i = 0; i < hashes.length; i++) {
                    hashes[i] = IndexValues.hashValue(z.type(), v.get(i));
                }
            }
            List<RowRange> keep = new ArrayList<>();
            int pages = s.pageCount(col);
            int ri = 0;
            for (int page = 0; page < pages; page++) {
                RowRange pr = s.pageRowRange(col, page);
                while (ri < result.size() && result.get(ri).endRow() <= pr.firstRow()) {
                    ri++;
                }
                if (ri >= result.size()) {
                    break;
                }
                if (result.get(ri).firstRow() >= pr.endRow()) {
                    // the page lies in a gap already pruned by another index
                    continue;
                }
                if (!z.mightMatch(s.pageZoneMap(col, page))) {
                    stats.pagesSkipped.incrementAndGet();
                    continue;
                }
                if (hashes != null) {
                    BloomFilter f = s.pageBloomFilter(col, page);
                    if (f != null && !f.mightContainAny(hashes)) {
                        stats.bloomPagesSkipped.incrementAndGet();
                        continue;
                    }
                }
                stats.pagesRead.incrementAndGet();
                addMerged(keep, pr);
            }
            result = OlapScanOperator.intersect(result, keep);
            if (result.isEmpty()) {
                break;
            }
        }
        return result;
    }

    private static void addMerged(List<RowRange> ranges, RowRange r)
    {
        if (!ranges.isEmpty() && ranges.getLast().endRow() == r.firstRow()) {
            RowRange last = ranges.removeLast();
            ranges.add(new RowRange(last.firstRow(), last.numRows() + r.numRows()));
        }
        else {
            ranges.add(r);
        }
    }

    static long rows(List<RowRange> ranges)
    {
        long n = 0;
        for (RowRange r : ranges) {
            n += r.numRows();
        }
        return n;
    }
}
