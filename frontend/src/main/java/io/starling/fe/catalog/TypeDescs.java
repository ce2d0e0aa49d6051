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
        for (Column c : table.columns()) {
            out.add(TableColumnDesc.newBuilder().setName(c.name()).setType(of(c.type())).setNullable(c.nullable())
                    .setIsKey(c.isKey()).build());
        }
        return out;
    }
}
