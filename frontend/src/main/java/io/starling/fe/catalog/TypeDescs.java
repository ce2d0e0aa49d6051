package io.starling.fe.catalog;

import io.starling.rpc.proto.TableColumnDesc;
import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.types.PlanTypes;
import io.starling.rpc.proto.TypeKindPb;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;

/** Conversions from catalog types to the plan IR's {@link TypeDesc} and {@link TableColumnDesc}. */
public final class TypeDescs
{
    private TypeDescs()
    {
    }

    public static TypeDesc of(DataType t)
    {
        return PlanTypes.toProto(t);
    }

    public static TypeKindPb kind(TypeKind k)
    {
        return PlanTypes.toProto(k);
    }

    /** The table's columns as the BE sees them (tablet schema, sink schema). */
    public static List<TableColumnDesc> columns(OlapTable table)
    {
        List<TableColumnDesc> out = new ArrayList<>(table.columns().size());
        List<String> sortKey = TableIndexes.sortKey(table);
        for (Column c : table.columns()) {
            int pos = 0;
            for (int i = 0; i < sortKey.size(); i++) {
                if (sortKey.get(i).equalsIgnoreCase(c.name())) {
                    pos = i + 1;
                }
            }
            out.add(TableColumnDesc.newBuilder().setName(c.name()).setType(of(c.type())).setNullable(c.nullable())
                    .setIsKey(c.isKey()).setAggregation(aggregationCode(c.aggregation())).setSortKeyPosition(pos).build());
        }
        return out;
    }

    /** The wire code of a column's aggregation type (io.starling.storage.merge.AggType order; unknown or none: 0). */
    static int aggregationCode(String aggregation)
    {
        if (aggregation == null) {
            return 0;
        }
        return switch (aggregation.toUpperCase(java.util.Locale.ROOT)) {
            case "SUM" -> 1;
            case "MIN" -> 2;
            case "MAX" -> 3;
            case "REPLACE" -> 4;
            case "REPLACE_IF_NOT_NULL" -> 5;
            case "HLL_UNION" -> 6;
            case "BITMAP_UNION" -> 7;
            default -> 0;
        };
    }
}
