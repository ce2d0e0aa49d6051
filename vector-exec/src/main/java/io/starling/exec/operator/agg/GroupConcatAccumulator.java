package io.starling.exec.operator.agg;

import io.starling.exec.expr.ValueFormatter;
import io.starling.exec.expr.Values;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GROUP_CONCAT([DISTINCT] x [, y ...] SEPARATOR sep)}: arguments are the value expressions then the
 * separator (the planner always passes one; StarRocks' default is {@code ","}). A row whose value arguments
 * include a NULL is skipped; the row's values are concatenated as text (numbers, dates formatted as MySQL prints
 * them). Rows are joined in arrival order, each preceded by its own separator. The result is cut at
 * {@link #MAX_LENGTH} characters, StarRocks' default {@code group_concat_max_len}; a group without rows is NULL.
 *
 * <p>State: the kept (separator, value) pairs; once the text reaches the cut, later values are dropped (they
 * could never show), which bounds a group's memory. DISTINCT keeps the seen values and re-checks on merge.
 */
final class GroupConcatAccumulator
        extends StateAccumulator<GroupConcatAccumulator.Parts>
{
    /** StarRocks' default group_concat_max_len, in characters. */
    static final int MAX_LENGTH = 1024;

    /** Bytes charged per kept part beyond its characters: two references and list slots. */
    private static final int PART_OVERHEAD = 48;

    /** The kept parts of one group. */
    static final class Parts
    {
        final List<String> separators = new ArrayList<>();
        final List<String> values = new ArrayList<>();
        Set<String> seen;
        int chars;
    }

    private final boolean distinct;

    GroupConcatAccumulator(MemoryAccount account, AggregateMode mode, boolean distinct)
    {
        super(account, mode);
        this.distinct = distinct;
    }

    @Override
    protected Parts newState()
    {
        Parts p = new Parts();
        if (distinct) {
            p.seen = new HashSet<>();
        }
        return p;
    }

    @Override
    protected void update(Parts state, ColumnVector[] args, int row)
    {
        int valueArgs = Math.max(1, args.length - 1);
        String value;
        if (valueArgs == 1) {
            value = text(args[0], row);
        }
        else {
            StringBuilder sb = new StringBuilder();
            for (int a = 0; a < valueArgs; a++) {
                String s = text(args[a], row);
                if (s == null) {
                    return;
                }
                sb.append(s);
            }
            value = sb.toString();
        }
        if (value == null) {
            return;
        }
        String sep = args.length > 1 ? text(args[args.length - 1], row) : ",";
        append(state, sep == null ? "" : sep, value);
    }

    private void append(Parts state, String sep, String value)
    {
        if (state.chars > MAX_LENGTH) {
            return;
        }
        if (state.seen != null && !state.seen.add(value)) {
            return;
        }
        state.separators.add(sep);
        state.values.add(value);
        int added = (state.values.size() == 1 ? 0 : sep.length()) + value.length();
        state.chars += added;
        charge(2L * added + PART_OVERHEAD);
    }

    private static String text(ColumnVector v, int row)
    {
        if (v.isNull(row)) {
            return null;
        }
        if (v.type().kind().isString()) {
            return v.getString(row);
        }
        return ValueFormatter.formatValue(Values.read(v, row), v.type());
    }

    @Override
    protected void serialize(Parts state, DataOutputStream out) throws IOException
    {
        out.writeInt(state.values.size());
        for (int i = 0; i < state.values.size(); i++) {
            out.writeUTF(state.separators.get(i));
            writeLongUtf(out, state.values.get(i));
        }
    }

    @Override
    protected void merge(Parts state, DataInputStream in) throws IOException
    {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String sep = in.readUTF();
            append(state, sep, readLongUtf(in));
        }
    }

    private static void writeLongUtf(DataOutputStream out, String s) throws IOException
    {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongUtf(DataInputStream in) throws IOException
    {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    protected void writeResult(Parts state, ColumnVector out, int row)
    {
        if (state.values.isEmpty()) {
            out.setNull(row, true);
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < state.values.size(); i++) {
            if (i > 0) {
                sb.append(state.separators.get(i));
            }
            sb.append(state.values.get(i));
        }
        String s = sb.toString();
        if (s.codePointCount(0, s.length()) > MAX_LENGTH) {
            s = s.substring(0, s.offsetByCodePoints(0, MAX_LENGTH));
        }
        if (out.hasNulls()) {
            out.setNull(row, false);
        }
        out.setString(row, s);
    }
}
