package io.starling.be.expr;

import io.starling.rpc.proto.TypeDesc;
import io.starling.rpc.types.PlanTypes;
import io.starling.storage.types.DataType;

import java.util.List;

/** Conversion of plan IR type descriptors ({@link TypeDesc}) to engine {@link DataType}s; delegates to {@link PlanTypes}. */
public final class ProtoTypes
{
    private ProtoTypes()
    {
    }

    /** The engine type a descriptor names; VARCHAR/CHAR without a length get StarRocks' default lengths. */
    public static DataType toDataType(TypeDesc t)
    {
        return PlanTypes.toDataType(t);
    }

    public static List<DataType> toDataTypes(List<TypeDesc> types)
    {
        return PlanTypes.toDataTypes(types);
    }

    /** The descriptor of an engine type (for tests and plan building). */
    public static TypeDesc toProto(DataType t)
    {
        return PlanTypes.toProto(t);
    }
}
