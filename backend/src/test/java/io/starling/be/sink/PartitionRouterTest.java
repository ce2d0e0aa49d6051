package io.starling.be.sink;

import io.starling.rpc.proto.Literal;
import io.starling.rpc.proto.PartitionDesc;
import io.starling.rpc.proto.PartitionKind;
import io.starling.rpc.proto.PartitionSpec;
import io.starling.storage.types.DataType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionRouterTest
{
    private static PartitionDesc range(long id, Long lower, Long upper)
    {
        PartitionDesc.Builder b = PartitionDesc.newBuilder().setId(id).addTabletIds(id * 10);
        if (lower != null) {
            b.setLower(Literal.newBuilder().setLongValue(lower));
        }
        if (upper != null) {
            b.setUpper(Literal.newBuilder().setLongValue(upper));
        }
        return b.build();
    }

    @Test
    void rangePartitionsWithOpenBoundsAndNulls()
    {
        PartitionSpec spec = PartitionSpec.newBuilder().setKind(PartitionKind.PARTITION_RANGE).setColumnIndex(0)
                .addPartitions(range(3, 100L, null)).addPartitions(range(1, null, 10L)).addPartitions(range(2, 10L, 50L)).build();
        PartitionRouter r = new PartitionRouter(spec, DataType.INT);
        assertThat(r.find(-1_000_000L).getId()).isEqualTo(1);
        assertThat(r.find(9L).getId()).isEqualTo(1);
        assertThat(r.find(10L).getId()).isEqualTo(2);
        assertThat(r.find(49L).getId()).isEqualTo(2);
        assertThat(r.find(50L)).isNull();
        assertThat(r.find(100L).getId()).isEqualTo(3);
        assertThat(r.find(null).getId()).isEqualTo(1);
    }

    @Test
    void expressionPartitionsTruncateAndGrow()
    {
        PartitionSpec spec = PartitionSpec.newBuilder().setKind(PartitionKind.PARTITION_EXPR_TIME).setColumnIndex(0).setTimeUnit("month").build();
        PartitionRouter r = new PartitionRouter(spec, DataType.DATE);
        long d = LocalDate.of(2024, 2, 29).toEpochDay();
        Object t = r.truncate(d);
        assertThat(t).isEqualTo(LocalDate.of(2024, 2, 1).toEpochDay());
        assertThat(r.find(t)).isNull();
        r.add(List.of(range(7, LocalDate.of(2024, 2, 1).toEpochDay(), LocalDate.of(2024, 3, 1).toEpochDay())));
        assertThat(r.find(t).getId()).isEqualTo(7);
        assertThat(PartitionRouter.truncateTime(LocalDate.of(2024, 5, 16).toEpochDay(), DataType.DATE, "week"))
                .isEqualTo(LocalDate.of(2024, 5, 13).toEpochDay());
        long micros = LocalDate.of(1969, 12, 31).toEpochDay() * 86_400_000_000L + 3_700_000_000L;
        assertThat(PartitionRouter.truncateTime(micros, DataType.DATETIME, "hour")).isEqualTo(LocalDate.of(1969, 12, 31).toEpochDay() * 86_400_000_000L + 3_600_000_000L);
    }
}
