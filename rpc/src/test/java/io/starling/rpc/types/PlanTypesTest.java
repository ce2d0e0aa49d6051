package io.starling.rpc.types;

import io.starling.rpc.proto.TypeKindPb;
import io.starling.storage.types.DataType;
import io.starling.storage.types.TypeKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTypesTest
{
    @Test
    void everyKindRoundTrips()
    {
        for (TypeKind k : TypeKind.values()) {
            DataType t = DataType.of(k);
            assertThat(PlanTypes.toDataType(PlanTypes.toProto(t))).as(k.name()).isEqualTo(t);
        }
        for (DataType t : List.of(DataType.decimal(38, 10), DataType.decimal(1, 0), DataType.varchar(7), DataType.chr(3))) {
            assertThat(PlanTypes.toDataType(PlanTypes.toProto(t))).isEqualTo(t);
        }
        assertThat(TypeKindPb.values()).hasSize(TypeKind.values().length + 1); // + UNRECOGNIZED
    }
}
