package io.starling.fe.catalog;

import io.starling.rpc.proto.TableColumnDesc;
import io.starling.rpc.proto.TypeDesc;
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
        return TypeDesc.newBuilder().setKind(kind(t.kind())).setPrecision(t.precision()).setScale(t.scale())
                .setLength(t.length()).build();
    }

    public static TypeKindPb kind(TypeKind k)
    {
        return switch (k) {
            case NULL -> TypeKindPb.TYPE_NULL;
            case BOOLEAN -> TypeKindPb.TYPE_BOOLEAN;
            case TINYINT -> TypeKindPb.TYPE_TINYINT;
            case SMALLINT -> TypeKindPb.TYPE_SMALLINT;
            case INT -> TypeKindPb.TYPE_INT;
            case BIGINT -> TypeKindPb.TYPE_BIGINT;
            case LARGEINT -> TypeKindPb.TYPE_LARGEINT;
            case FLOAT -> TypeKindPb.TYPE_FLOAT;
            case DOUBLE -> TypeKindPb.TYPE_DOUBLE;
            case DECIMAL -> TypeKindPb.TYPE_DECIMAL;
            case DATE -> TypeKindPb.TYPE_DATE;
            case DATETIME -> TypeKindPb.TYPE_DATETIME;
            case CHAR -> TypeKindPb.TYPE_CHAR;
            case VARCHAR -> TypeKindPb.TYPE_VARCHAR;
        };
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
