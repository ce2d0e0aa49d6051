package io.starling.fe.qe;

import java.util.List;

/** What a statement produces: an OK packet or a result set. */
public sealed interface QueryResult
{
    /** OK packet. */
    record Ok(long affectedRows, long lastInsertId, String info, int warnings) implements QueryResult
    {
        public static final Ok EMPTY = new Ok(0, 0, "", 0);

        public static Ok affected(long rows)
        {
            return new Ok(rows, 0, "", 0);
        }
    }

    /** A result set: column definitions and a stream of rows. */
    record Rows(List<ResultColumn> columns, RowSource rows) implements QueryResult
    {
    }
}
