package io.starling.be.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows a load rejected, with their reason, as the error log at the load's ErrorURL shows them
 * ({@code Error: <reason>. Row: <content>}, StarRocks' format). Counts every rejection; keeps the text of the first
 * {@link #MAX_KEPT} only, so a load that rejects millions of rows stays bounded in memory.
 */
public final class RejectLog
{
    /** Rejected rows kept for the error log (StarRocks keeps a bounded error log per load too). */
    public static final int MAX_KEPT = 1000;
    /** Longest row text kept per rejected row. */
    static final int MAX_ROW_CHARS = 1024;

    private final List<String> lines = new ArrayList<>();
    private long count;

    /** Records one rejected row. */
    public void reject(String reason, String row)
    {
        count++;
        if (lines.size() < MAX_KEPT) {
            String r = row == null ? "" : row.length() > MAX_ROW_CHARS ? row.substring(0, MAX_ROW_CHARS) + "..." : row;
            lines.add("Error: " + reason + ". Row: " + r);
        }
    }

    /** Adds lines already formatted by the table sink ({@code Error: ... Row: [...]}) for {@code n} rejected rows. */
    public void addFormatted(List<String> formatted, long n)
    {
        count += n;
        for (String s : formatted) {
            if (lines.size() < MAX_KEPT) {
                lines.add(s);
            }
        }
    }

    public long count()
    {
        return count;
    }

    public List<String> lines()
    {
        return lines;
    }
}
