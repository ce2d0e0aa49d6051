package io.starling.exec.operator.agg;

import io.starling.exec.expr.ValueFormatter;
import io.starling.exec.expr.Values;
import io.starling.exec.hash.MemoryAccount;
import io.starling.storage.batch.ColumnVector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GROUP_CONCAT([DISTINCT] x [, y ...] [ORDER BY k ...] SEPARATOR sep)}: arguments are the value expressions,
 * then (with ORDER BY) the order keys and the constant direction spec of {@link OrderKeyEncoder}, then the separator
 * (the planner always passes one; StarRocks' default is {@code ","}). A row whose value arguments include a NULL is
 * skipped; the row's values are concatenated as text (numbers, dates formatted as MySQL prints them). Without
 * ORDER BY rows are joined in arrival order; with it in key order (ties broken by the text, so the result does not
 * depend on how rows were split between partial aggregates). Each value is preceded by its own row's separator.
 * The result is cut at {@link #MAX_LENGTH} characters, StarRocks' default {@code group_concat_max_len}; a group
 * without rows is NULL.
 *
 * <p>State: the kept parts (separator, value, encoded order key). Unordered, once the text reaches the cut later
 * values are dropped (they could never show); ordered, the parts are sorted and the tail beyond the cut dropped
 * whenever the kept text doubles past it. Both bound a group's memory. DISTINCT keeps one part per value (the one
 * with the first key when ordered) and re-checks on merge; the serialized parts carry their keys, so the final
 * phase of a two-phase aggregate sorts exactly as a single phase would.
 */
final class GroupConcatAccumulator
        extends StateAccumulator<GroupConcatAccumulator.Parts>
{
    /** StarRocks' default group_concat_max_len, in characters. */
    static final int MAX_LENGTH = 1024;

    /** Bytes charged per kept part beyond its characters: three references, list slot and map entry. */
    private static final int PART_OVERHEAD = 64;

    /** One kept value: the separator before it, its text and (ordered only) its encoded order key. */
    record Part(String separator, String value, byte[] key)
    {
    }

    /** Sort order of ordered parts: the key bytes unsigned, then the text as a deterministic tie-break. */
    private static final Comparator<Part> ORDER = (a, b) -> {
        int c = Arrays.compareUnsigned(a.key, b.key);
        return c != 0 ? c : a.value.compareTo(b.value);
    };

    /** The kept parts of one group. */
    static final class Parts
    {
        final List<Part> parts = new ArrayList<>();
        /** DISTINCT only: value text to its index in {@link #parts}. */
        Map<String, Integer> seen;
        int chars;
        boolean ordered;
    }

    private final boolean distinct;
    /** Set on the first update: the ORDER BY layout of the arguments, null if unordered. */
    private OrderKeyEncoder order;
    private boolean layoutKnown;
    private int valueArgs;

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
            p.seen = new HashMap<>();
        }
        return p;
    }

    private void layout(ColumnVector[] args, int row)
    {
        layoutKnown = true;
        valueArgs = Math.max(1, args.length - 1);
        if (args.length >= 4) {
            ColumnVector spec = args[args.length - 2];
            order = spec.type().kind().isString() && !spec.isNull(row)
                    ? OrderKeyEncoder.parse(spec.getString(row)) : null;
            if (order != null) {
                valueArgs = args.length - 2 - order.keyCount();
                if (valueArgs < 1) {
                    throw new IllegalArgumentException("GROUP_CONCAT ORDER BY without a value argument");
                }
            }
        }
    }

    @Override
    protected void update(Parts state, ColumnVector[] args, int row)
    {
        if (!layoutKnown) {
            layout(args, row);
        }
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
        byte[] key = order == null ? null : order.encode(args, valueArgs, row);
        append(state, new Part(sep == null ? "" : sep, value, key));
    }

    private void append(Parts state, Part part)
    {
        boolean ordered = part.key != null;
        state.ordered |= ordered;
        if (!ordered && state.chars > MAX_LENGTH) {
            return;
        }
        if (state.seen != null) {
            Integer at = state.seen.get(part.value);
            if (at != null) {
                // the value is kept once, at its first position in the requested order
                if (ordered && ORDER.compare(part, state.parts.get(at)) < 0) {
                    state.parts.set(at, part);
                }
                return;
            }
            state.seen.put(part.value, state.parts.size());
        }
        // the first part's separator never shows (exact for the unordered cut; ordered parts re-sort anyway)
        int added = (state.parts.isEmpty() ? 0 : part.separator.length()) + part.value.length();
        state.parts.add(part);
        state.chars += added;
        charge(2L * added + PART_OVERHEAD + (ordered ? part.key.length : 0));
        if (ordered && state.chars > 2 * MAX_LENGTH) {
            prune(state);
        }
    }

    /** Sorts an ordered group and drops the parts that start past the cut: they can never show. */
    private static void prune(Parts state)
    {
        state.parts.sort(ORDER);
        int chars = 0;
        int keep = 0;
        while (keep < state.parts.size() && chars <= MAX_LENGTH) {
            Part p = state.parts.get(keep++);
            chars += p.separator.length() + p.value.length();
        }
        state.parts.subList(keep, state.parts.size()).clear();
        state.chars = chars;
        if (state.seen != null) {
            // a dropped value may come back with an earlier key; then it is kept again
            state.seen.clear();
            for (int i = 0; i < state.parts.size(); i++) {
                state.seen.put(state.parts.get(i).value, i);
            }
        }
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
        out.writeInt(state.parts.size());
        for (Part p : state.parts) {
            out.writeUTF(p.separator);
            writeLongUtf(out, p.value);
            if (p.key == null) {
                out.writeInt(-1);
            }
            else {
                out.writeInt(p.key.length);
                out.write(p.key);
            }
        }
    }

    @Override
    protected void merge(Parts state, DataInputStream in) throws IOException
    {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String sep = in.readUTF();
            String value = readLongUtf(in);
            int keyLength = in.readInt();
            byte[] key = null;
            if (keyLength >= 0) {
                key = new byte[keyLength];
                in.readFully(key);
            }
            append(state, new Part(sep, value, key));
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
        if (state.parts.isEmpty()) {
            out.setNull(row, true);
            return;
        }
        if (state.ordered) {
            state.parts.sort(ORDER);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < state.parts.size(); i++) {
            Part p = state.parts.get(i);
            if (i > 0) {
                sb.append(p.separator);
            }
            sb.append(p.value);
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
