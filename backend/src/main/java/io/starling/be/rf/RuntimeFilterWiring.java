package io.starling.be.rf;

import io.starling.exec.expr.Expression;
import io.starling.rpc.proto.HashJoinNode;
import io.starling.rpc.proto.OlapScanNode;
import io.starling.rpc.proto.RuntimeFilterDesc;
import io.starling.rpc.proto.RuntimeFilterTarget;
import io.starling.sched.driver.PipelineOperator;
import io.starling.storage.memory.MemoryContext;
import io.starling.storage.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the fragment executor calls to wire runtime filters (kept here so the executor only needs two lines): the
 * build-side operator of a hash join with planned filters and the per-driver filter state of a target scan.
 */
public final class RuntimeFilterWiring
{
    private RuntimeFilterWiring()
    {
    }

    /**
     * Factory of the pass-through operator publishing the join's planned filters, or null when the join has none
     * (or none on a key type that can be filtered).
     *
     * @param buildKeys the join's build key expressions (over the build input)
     */
    public static Supplier<PipelineOperator> buildOperator(String name, HashJoinNode join, List<Expression> buildKeys,
            RuntimeFilterRegistry registry, MemoryContext ctx)
    {
        List<RuntimeFilterDesc> descs = new ArrayList<>();
        for (RuntimeFilterDesc d : join.getBuildRuntimeFiltersList()) {
            if (d.getKeyIndex() < buildKeys.size()
                    && RuntimeFilterBuilder.supports(buildKeys.get(d.getKeyIndex()).type().physical())) {
                descs.add(d);
            }
        }
        if (descs.isEmpty()) {
            return null;
        }
        return () -> {
            List<Expression> keys = new ArrayList<>();
            List<RuntimeFilterBuilder> builders = new ArrayList<>();
            for (RuntimeFilterDesc d : descs) {
                Expression key = buildKeys.get(d.getKeyIndex());
                keys.add(key);
                long limit = d.getMaxBuildRows() > 0 ? d.getMaxBuildRows() : Long.MAX_VALUE;
                builders.add(new RuntimeFilterBuilder(d.getFilterId(), key.type().physical(), limit));
            }
            return new RuntimeFilterBuildOperator(name, keys, builders, registry, ctx);
        };
    }

    /** A new per-driver filter state for the scan, or null when no filter targets it. */
    public static ScanRuntimeFilters forScan(OlapScanNode scan, List<DataType> types, RuntimeFilterRegistry registry)
    {
        if (scan.getProbeRuntimeFiltersCount() == 0) {
            return null;
        }
        List<ScanRuntimeFilters.Target> targets = new ArrayList<>();
        for (RuntimeFilterTarget t : scan.getProbeRuntimeFiltersList()) {
            if (t.getColumn() >= 0 && t.getColumn() < types.size()) {
                targets.add(new ScanRuntimeFilters.Target(t.getFilterId(), t.getColumn()));
            }
        }
        return targets.isEmpty() ? null : new ScanRuntimeFilters(registry, targets, types);
    }
}
