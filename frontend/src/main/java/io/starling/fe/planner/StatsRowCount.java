package io.starling.fe.planner;

import io.starling.fe.stats.CardinalityModel;
import io.starling.fe.stats.ColumnStatistics;
import io.starling.fe.stats.StatisticsSource;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMdRowCount;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

import java.util.List;

/**
 * Calcite's row-count metadata with table statistics (ANALYZE or load-collected; stale ones ignored), so that every
 * user of {@code RelMetadataQuery#getRowCount} sees them, the physical translator's choice of the hash join's build
 * side in particular (it builds the smaller estimated input). Two estimates change, everything else is Calcite's:
 * <ul>
 *   <li>a Filter over a (projected, filtered) scan of a table with statistics: {@link GreedyJoinOrder.StatsRows}
 *       (1/ndv per equality, min/max fraction per range, null fraction per IS NULL) instead of Calcite's fixed
 *       guesses (0.15 per equality);</li>
 *   <li>an inner equi-join whose key columns have statistics on both sides: {@code |L| x |R| / d}
 *       ({@link CardinalityModel#joinRows}), d the largest capped NDV over the key pairs, times Calcite's guess for
 *       any remaining non-equi condition.</li>
 * </ul>
 * The statistics come from the planner's context ({@code Contexts.of(statisticsSource)}), so one compiled provider
 * serves every query ({@link #install}); a cluster without statistics in its context gets Calcite's numbers.
 */
public final class StatsRowCount extends RelMdRowCount
{
    /** Compiled once: Janino generates the dispatch code per provider instance. */
    private static final JaninoRelMetadataProvider PROVIDER = JaninoRelMetadataProvider.of(
            ChainedRelMetadataProvider.of(List.of(
                    ReflectiveRelMetadataProvider.reflectiveSource(new StatsRowCount(),
                            BuiltInMetadata.RowCount.Handler.class),
                    DefaultRelMetadataProvider.INSTANCE)));

    private StatsRowCount()
    {
    }

    /** Makes {@code cluster}'s metadata queries use statistics from its planner's context. */
    static void install(RelOptCluster cluster)
    {
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(PROVIDER));
        cluster.invalidateMetadataQuery();
    }

    private static StatisticsSource stats(RelNode r)
    {
        StatisticsSource s = r.getCluster().getPlanner().getContext().unwrap(StatisticsSource.class);
        return s == null ? StatisticsSource.NONE : s;
    }

    @Override
    public Double getRowCount(Filter f, RelMetadataQuery mq)
    {
        StatisticsSource stats = stats(f);
        if (stats != StatisticsSource.NONE) {
            Double r = new GreedyJoinOrder.StatsRows(mq, stats).rows(f);
            if (r != null) {
                return r;
            }
        }
        return super.getRowCount(f, mq);
    }

    @Override
    public Double getRowCount(Join j, RelMetadataQuery mq)
    {
        StatisticsSource stats = stats(j);
        if (stats != StatisticsSource.NONE && j.getJoinType() == JoinRelType.INNER) {
            Double r = equiJoinRows(j, mq, stats);
            if (r != null) {
                return r;
            }
        }
        return super.getRowCount(j, mq);
    }

    private static Double equiJoinRows(Join j, RelMetadataQuery mq, StatisticsSource stats)
    {
        JoinInfo info = j.analyzeCondition();
        if (info.leftKeys.isEmpty()) {
            return null;
        }
        Double left = mq.getRowCount(j.getLeft());
        Double right = mq.getRowCount(j.getRight());
        if (left == null || right == null) {
            return null;
        }
        double d = 0;
        for (int i = 0; i < info.leftKeys.size(); i++) {
            ColumnStatistics l = column(mq, stats, j.getLeft(), info.leftKeys.get(i));
            ColumnStatistics r = column(mq, stats, j.getRight(), info.rightKeys.get(i));
            if (l == null || r == null) {
                continue;
            }
            d = Math.max(d, Math.max(CardinalityModel.cappedNdv(l.ndv(), left),
                    CardinalityModel.cappedNdv(r.ndv(), right)));
        }
        if (d == 0) {
            return null;   // no key pair with statistics on both sides
        }
        double rows = CardinalityModel.joinRows(left, right, d, d);
        RexNode remaining = info.getRemaining(j.getCluster().getRexBuilder());
        if (!remaining.isAlwaysTrue()) {
            rows *= RelMdUtil.guessSelectivity(remaining);
        }
        return Math.max(1, rows);
    }

    private static ColumnStatistics column(RelMetadataQuery mq, StatisticsSource stats, RelNode input, int field)
    {
        RelColumnOrigin origin = mq.getColumnOrigin(input, field);
        if (origin == null || origin.isDerived()) {
            return null;
        }
        CatalogTable t = origin.getOriginTable().unwrap(CatalogTable.class);
        if (t == null || t.olap() == null) {
            return null;
        }
        return GreedyJoinOrder.StatsRows.column(stats, t, t.columns().get(origin.getOriginColumnOrdinal()).name());
    }
}
