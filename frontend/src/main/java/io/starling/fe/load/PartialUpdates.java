package io.starling.fe.load;

import io.starling.fe.catalog.Column;
import io.starling.fe.catalog.OlapTable;
import io.starling.rpc.proto.OlapTableSink;

/**
 * The {@code partial_update} and {@code merge_condition} Stream Load headers of a Primary Key table, turned into
 * table sink fields; the BE resolves them at publish against the rows then live. A partial update loads the columns
 * named by the {@code columns} header (all key columns required); the others keep the replaced row's values (a new
 * key gets their defaults). A merge condition names a value column: an upsert replaces a row only if its value
 * there is {@code >=} the existing one.
 */
final class PartialUpdates
{
    private PartialUpdates()
    {
    }

    static OlapTableSink.Builder apply(OlapTable table, ColumnMapping mapping, StreamLoadPlanner.Options o,
            OlapTableSink.Builder sink)
    {
        if (o.partialUpdate()) {
            sink.setPartialUpdate(true);
            for (int c = 0; c < table.columns().size(); c++) {
                Column col = table.columns().get(c);
                boolean given = mapping.derivedFor(col.name()) != null
                        || mapping.sources().stream().anyMatch(s -> s.equalsIgnoreCase(col.name()));
                if (col.isKey() && !given) {
                    throw new IllegalArgumentException("partial update requires all key columns in columns; missing key column: "
                            + col.name());
                }
                if (given) {
                    sink.addPartialUpdateColumns(c);
                }
            }
        }
        if (o.mergeCondition() != null) {
            int c = table.columnIndex(o.mergeCondition());
            if (c < 0) {
                throw new IllegalArgumentException("Merge condition column " + o.mergeCondition()
                        + " does not exist in table " + table.name());
            }
            if (table.columns().get(c).isKey()) {
                throw new IllegalArgumentException("Merge condition column " + o.mergeCondition()
                        + " cannot be a primary key column");
            }
            sink.setHasMergeCondition(true).setMergeConditionColumn(c);
        }
        return sink;
    }
}
