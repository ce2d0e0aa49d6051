package io.starling.be.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streaming byte-level CSV parser (StarRocks CSV semantics): rows end at the row delimiter, fields at the column
 * separator (both may be multi-byte); with {@code enclose} a field may be quoted, and separators and delimiters
 * inside quotes are data; a doubled enclose byte inside quotes, or the {@code escape} byte before any byte, stands
 * for that byte. {@code \N} is NULL; an empty field is an empty string (NULL after conversion for other types).
 * A row whose field count differs from the source column count is rejected with its text.
 *
 * <p>Memory: one read buffer ({@link #INITIAL_BUFFER} bytes, grown only for a row larger than it) and one scratch
 * buffer for unescaped fields; fields without escapes are handed to the converter as slices of the read buffer.
 */
final class CsvReader
{
    /** Read-buffer size: large enough that refills are rare per 4096-row batch for typical row widths. */
    static final int INITIAL_BUFFER = 1 << 20;

    private final InputStream in;
    private final LoadOptions o;
    private final SourceBatchBuilder out;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private byte[] scratch = new byte[256];
    private int start;     // first byte of the current row
    private int limit;     // end of valid data
    private boolean eof;
    private long rowsRead;
    private long skipped;
    private long line;

    CsvReader(InputStream in, LoadOptions o, SourceBatchBuilder out)
    {
        this.in = in;
        this.o = o;
        this.out = out;
    }

    /** Rows seen (accepted or rejected), header rows excluded. */
    long rowsRead()
    {
        return rowsRead;
    }

    /**
     * Parses rows into the builder until its batch is full or the input ends.
     *
     * @return false when the input is exhausted
     */
    boolean fill() throws IOException
    {
        while (!out.full()) {
            int end = findRowEnd();
            if (end < 0) {
                return false;
            }
            int rowEnd = end;
            int next = end + o.rowDelimiter().length;
            if (end == limit) {
                next = limit;      // last row without a trailing delimiter
            }
            line++;
            if (skipped < o.skipHeader()) {
                skipped++;
            }
            else {
                parseRow(start, rowEnd);
            }
            start = next;
        }
        return true;
    }

    /** End of the row starting at {@link #start} (position of its delimiter or {@link #limit} at EOF), or -1. */
    private int findRowEnd() throws IOException
    {
        int scan = start;
        boolean quoted = false;
        boolean fieldStart = true;
        byte[] delim = o.rowDelimiter();
        byte[] sep = o.columnSeparator();
        byte enc = o.enclose();
        byte esc = o.escape();
        while (true) {
            int lim = limit - delim.length + 1;
            for (int i = scan; i < limit; i++) {
                byte c = buf[i];
                if (esc != 0 && c == esc) {
                    i++;
                    fieldStart = false;
                    continue;
                }
                if (enc != 0) {
                    if (quoted) {
                        if (c == enc) {
                            quoted = false;
                        }
                        continue;
                    }
                    if (c == enc && fieldStart) {
                        quoted = true;
                        fieldStart = false;
                        continue;
                    }
                }
                if (c == delim[0] && i < lim && matches(buf, i, delim)) {
                    return i;
                }
                fieldStart = enc != 0 && c == sep[0] && i + sep.length <= limit && matches(buf, i, sep);
                if (fieldStart) {
                    i += sep.length - 1;
                }
            }
            if (eof) {
                return limit > start ? limit : -1;
            }
            // need more data: rescan this row from its start after the refill (keeps quote state simple)
            int consumed = start;
            refill();
            scan = start;
            quoted = false;
            fieldStart = true;
            if (consumed == start && limit == 0) {
                return -1;
            }
        }
    }

    private static boolean matches(byte[] b, int at, byte[] pattern)
    {
        for (int k = 1; k < pattern.length; k++) {
            if (b[at + k] != pattern[k]) {
                return false;
            }
        }
        return true;
    }

    /** Moves the current row to the buffer start (growing it if the row fills it) and reads more bytes. */
    private void refill() throws IOException
    {
        int keep = limit - start;
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, keep);
        }
        else if (keep == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, keep);
            buf = bigger;
        }
        start = 0;
        limit = keep;
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        }
        else {
            limit += n;
        }
    }

    /** Splits one row into fields and hands them to the builder. */
    private void parseRow(int from, int to)
    {
        rowsRead++;
        byte[] sep = o.columnSeparator();
        byte enc = o.enclose();
        byte esc = o.escape();
        int expected = out.sourceCount();
        int field = 0;
        int i = from;
        while (true) {
            // one field starting at i
            int fStart = i;
            int fEnd;
            boolean unescaped = false;
            int scratchLen = 0;
            int next;
            if (enc != 0 && i < to && buf[i] == enc) {
                // quoted field: copy into scratch, undoubling quotes and removing escapes
                i++;
                boolean closed = false;
                while (i < to) {
                    byte c = buf[i];
                    if (esc != 0 && c == esc && i + 1 < to) {
                        scratch = put(scratch, scratchLen++, buf[i + 1]);
                        i += 2;
                        continue;
                    }
                    if (c == enc) {
                        if (i + 1 < to && buf[i + 1] == enc) {
                            scratch = put(scratch, scratchLen++, enc);
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    scratch = put(scratch, scratchLen++, c);
                    i++;
                }
                unescaped = true;
                // bytes between the closing quote and the separator are ignored; find the separator
                next = findSeparator(i, to, sep);
                if (!closed) {
                    next = -1;
                }
                fEnd = i;
            }
            else {
                next = -1;
                int j = i;
                while (j < to) {
                    byte c = buf[j];
                    if (esc != 0 && c == esc && j + 1 < to) {
                        unescaped = true;
                        j += 2;
                        continue;
                    }
                    if (c == sep[0] && j + sep.length <= to && matches(buf, j, sep)) {
                        next = j;
                        break;
                    }
                    j++;
                }
                fEnd = next < 0 ? to : next;
                if (unescaped && fEnd - fStart == 2 && buf[fStart] == '\\' && buf[fStart + 1] == 'N') {
                    unescaped = false;     // \N means NULL even when '\' is also the escape byte
                }
                if (unescaped) {
                    for (int k = fStart; k < fEnd; k++) {
                        if (buf[k] == esc && k + 1 < fEnd) {
                            k++;
                        }
                        scratch = put(scratch, scratchLen++, buf[k]);
                    }
                }
            }
            if (field < expected) {
                if (unescaped) {
                    emit(field, scratch, 0, scratchLen);
                }
                else {
                    emit(field, buf, fStart, fEnd - fStart);
                }
            }
            field++;
            if (next < 0) {
                break;
            }
            i = next + sep.length;
        }
        if (field != expected) {
            out.rejectRow("Value count does not match column count. Expect " + expected + ", but got " + field,
                    text(from, to));
            return;
        }
        out.endRow(() -> text(from, to));
    }

    private void emit(int field, byte[] b, int off, int len)
    {
        if (o.trimSpace()) {
            while (len > 0 && b[off] == ' ') {
                off++;
                len--;
            }
            while (len > 0 && b[off + len - 1] == ' ') {
                len--;
            }
        }
        out.field(field, b, off, len);
    }

    private int findSeparator(int i, int to, byte[] sep)
    {
        for (int j = i; j < to; j++) {
            if (buf[j] == sep[0] && j + sep.length <= to && matches(buf, j, sep)) {
                return j;
            }
        }
        return -1;
    }

    private static byte[] put(byte[] a, int at, byte b)
    {
        if (at == a.length) {
            a = java.util.Arrays.copyOf(a, a.length * 2);
        }
        a[at] = b;
        return a;
    }

    private String text(int from, int to)
    {
        int len = Math.min(to - from, RejectLog.MAX_ROW_CHARS * 4);
        return new String(buf, from, len, StandardCharsets.UTF_8);
    }
}
