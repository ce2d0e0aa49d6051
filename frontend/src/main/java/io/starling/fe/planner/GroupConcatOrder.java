package io.starling.fe.planner;

import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.ArrayList;
import java.util.List;

/**
 * The operands of {@code GROUP_CONCAT(... ORDER BY k [ASC|DESC] [NULLS FIRST|LAST] ...)}: the value expressions,
 * then the order keys, then a constant direction spec, then the separator. The backend's GroupConcatAccumulator
 * recognises the spec by its marker (it must match vector-exec's OrderKeyEncoder.MARKER) and sorts each group by
 * the keys. Passing keys as plain operands lets them flow through validation, projection and both aggregate phases
 * like any argument, with no extra plan field.
 */
final class GroupConcatOrder
{
    /** The spec's prefix; the same text as the backend's OrderKeyEncoder.MARKER. */
    static final String MARKER = "\u0001group_concat order:";

    private GroupConcatOrder()
    {
    }

    /** One ORDER BY item: NULL placement defaults as StarRocks (NULLS FIRST for ASC, NULLS LAST for DESC). */
    record Key(SqlNode expr, boolean desc, Boolean nullsFirst)
    {
    }

    /**
     * The full operand list. {@code valuesAndSeparator} is what GROUP_CONCAT has without ORDER BY: the values
     * and, last, the separator.
     */
    static List<SqlNode> operands(List<SqlNode> valuesAndSeparator, List<Key> keys)
    {
        List<SqlNode> out = new ArrayList<>(valuesAndSeparator.subList(0, valuesAndSeparator.size() - 1));
        StringBuilder spec = new StringBuilder(MARKER);
        for (Key k : keys) {
            out.add(k.expr());
            boolean nullsFirst = k.nullsFirst() != null ? k.nullsFirst() : !k.desc();
            spec.append(k.desc() ? 'D' : 'A').append(nullsFirst ? 'F' : 'L');
        }
        out.add(SqlLiteral.createCharString(spec.toString(), SqlParserPos.ZERO));
        out.add(valuesAndSeparator.getLast());
        return out;
    }
}
