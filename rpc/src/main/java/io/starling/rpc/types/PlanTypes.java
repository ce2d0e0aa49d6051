package io.starling.rpc.types;

import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.proto.TypeKindPb;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The one conversion between engine types ({@link DataType}) and plan IR type descriptors ({@link TypeDesc}),
 * used by the planner, the catalog and the backend alike.
 */
public final class PlanTypes
{
    private PlanTypes()
    {
    }

    /** The descriptor of an engine type. */
    public static TypeDesc toProto(DataType t)
    {
        return TypeDesc.newBuilder().setKind(toProto(t.kind())).setPrecision(t.precision()).setScale(t.scale())
                .setLength(t.length()).build();
    }

    public static TypeKindPb toProto(TypeKind k)
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
            case HLL -> TypeKindPb.TYPE_HLL;
            case BITMAP -> TypeKindPb.TYPE_BITMAP;
        };
    }

    /** The engine type a descriptor names; DECIMAL without precision is DECIMAL(10,0), CHAR/VARCHAR without a length get StarRocks' defaults (1, 65533). */
    public static DataType toDataType(TypeDesc t)
    {
        return switch (t.getKind()) {
            case TYPE_NULL -> DataType.NULL;
            case TYPE_BOOLEAN -> DataType.BOOLEAN;
            case TYPE_TINYINT -> DataType.TINYINT;
            case TYPE_SMALLINT -> DataType.SMALLINT;
            case TYPE_INT -> DataType.INT;
            case TYPE_BIGINT -> DataType.BIGINT;
            case TYPE_LARGEINT -> DataType.LARGEINT;
            case TYPE_FLOAT -> DataType.FLOAT;
            case TYPE_DOUBLE -> DataType.DOUBLE;
            case TYPE_DECIMAL -> DataType.decimal(t.getPrecision() == 0 ? 10 : t.getPrecision(), t.getScale());
            case TYPE_DATE -> DataType.DATE;
            case TYPE_DATETIME -> DataType.DATETIME;
            case TYPE_CHAR -> DataType.chr(t.getLength() <= 0 ? 1 : t.getLength());
            case TYPE_VARCHAR -> DataType.varchar(t.getLength() <= 0 ? DataType.STRING_LENGTH : t.getLength());
            case TYPE_HLL -> DataType.HLL;
            case TYPE_BITMAP -> DataType.BITMAP;
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown type kind in plan: " + t);
        };
    }

    public static List<DataType> toDataTypes(List<TypeDesc> types)
    {
        List<DataType> out = new ArrayList<>(types.size());
        for (TypeDesc t : types) {
            out.add(toDataType(t));
        }
        return out;
    }
}
