package io.starling.storage.segment;

import io.starling.storage.index.zonemap.ZoneMap;

/**
 * Footer entry of one data page: where it is, which rows it holds, and its zone map. The list of these per
 * column is the column's ordinal index (first row → page).
 *
 * @param offset byte offset of the page header in the file
 * @param size total page bytes: header, stored body and null bitmap
 * @param firstRow ordinal of the page's first row
 * @param numRows rows (values, nulls included) in the page
 * @param zoneMap min/max/null flags of the page
 */
record PageMeta(long offset, int size, long firstRow, int numRows, ZoneMap zoneMap)
{
}
