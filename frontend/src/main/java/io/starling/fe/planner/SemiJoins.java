package io.starling.fe.planner;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;
import java.util.List;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * StarRocks' {@code a LEFT SEMI JOIN b ON c} and {@code a LEFT ANTI JOIN b ON c} as Calcite SQL. Calcite 1.41
 * validates LEFT_SEMI_JOIN only under a liberal conformance and SqlToRelConverter cannot convert it at all, so the
 * join becomes the derived table {@code (SELECT * FROM a WHERE [NOT] EXISTS (SELECT 1 FROM b WHERE c)) AS a}, which
 * keeps a's alias (so {@code a.x} still resolves), exposes only a's columns (as StarRocks does) and plans through the
 * usual EXISTS decorrelation into the physical SEMI/ANTI hash join. RIGHT SEMI/ANTI JOIN arrives here swapped
 * (SqlNodeBuilder). The left side must be one aliased relation: a join on the left has no single alias to keep.
 */
final class SemiJoins
{
    private static final SqlParserPos POS = SqlParserPos.ZERO;

    private SemiJoins()
    {
    }

    /**
     * @param keep the relation whose rows are kept (StarRocks' left side, after swapping a RIGHT form)
     * @param probe the relation probed for a match
     * @param cond ON expression, or USING column list, per {@code ct}
     */
    static SqlNode asExists(SqlNode keep, SqlNode probe, JoinConditionType ct, SqlNode cond, boolean anti)
            throws SqlError
    {
        String keepAlias = alias(keep);
        if (keepAlias == null) {
            throw new SqlError(ErrorCode.NOT_SUPPORTED, "SEMI/ANTI JOIN is supported only with a single table or "
                    + "aliased subquery on the side whose rows it returns");
        }
        SqlNode where;
        if (ct == JoinConditionType.ON) {
            where = cond;
        }
        else if (ct == JoinConditionType.USING) {
            String probeAlias = alias(probe);
            if (probeAlias == null) {
                throw new SqlError(ErrorCode.NOT_SUPPORTED, "SEMI/ANTI JOIN ... USING needs an aliased relation");
            }
            where = null;
            for (SqlNode column : (SqlNodeList) cond) {
                String name = ((SqlIdentifier) column).getSimple();
                SqlNode eq = SqlStdOperatorTable.EQUALS.createCall(POS,
                        new SqlIdentifier(List.of(keepAlias, name), POS), new SqlIdentifier(List.of(probeAlias, name), POS));
                where = where == null ? eq : SqlStdOperatorTable.AND.createCall(POS, where, eq);
            }
        }
        else {
            throw new SqlError(ErrorCode.PARSE_ERROR, "Join requires an ON or USING condition");
        }
        SqlSelect match = select(SqlNodeList.of(SqlLiteral.createExactNumeric("1", POS)), probe, where);
        SqlNode exists = SqlStdOperatorTable.EXISTS.createCall(POS, match);
        SqlNode filter = anti ? SqlStdOperatorTable.NOT.createCall(POS, exists) : exists;
        SqlSelect kept = select(SqlNodeList.of(SqlIdentifier.star(POS)), keep, filter);
        return SqlStdOperatorTable.AS.createCall(POS, kept, new SqlIdentifier(keepAlias, POS));
    }

    private static SqlSelect select(SqlNodeList items, SqlNode from, SqlNode where)
    {
        return new SqlSelect(POS, SqlNodeList.EMPTY, items, from, where, null, null, null, null, null, null, null,
                null);
    }

    /** The name a FROM item is referred to by: its AS alias, or a table's own name; null for anything else. */
    private static String alias(SqlNode n)
    {
        if (n.getKind() == SqlKind.AS) {
            return ((SqlIdentifier) ((SqlCall) n).operand(1)).getSimple();
        }
        if (n instanceof SqlIdentifier id) {
            return id.names.get(id.names.size() - 1);
        }
        return null;
    }
}
