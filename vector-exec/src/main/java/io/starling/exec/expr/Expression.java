package io.starling.exec.expr;

import io.starling.storage.batch.ColumnBatch;
import io.starling.storage.batch.ColumnVector;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

/**
 * A compiled scalar expression evaluated a batch at a time.
 *
 * <p>Contract: {@link #evaluate} computes the value for every logical row of the batch (physical positions
 * {@code batch.position(i)}, {@code i < batch.size()}) and returns a new vector owned by the caller (who closes
 * it), of capacity at least {@code batch.rowCount()}, with values at those same physical positions. Values at
 * unselected positions are unspecified. Evaluation never modifies the input batch. Errors that StarRocks reports
 * per query (not per row) are thrown as {@link ExpressionException}; per-row failures that StarRocks turns into
 * NULL (division by zero, invalid cast in a SELECT) produce NULL.
 */
public interface Expression
{
    /** Result type. */
    DataType type();

    /** See the class contract. */
    ColumnVector evaluate(ColumnBatch batch, MemoryContext ctx);
}
