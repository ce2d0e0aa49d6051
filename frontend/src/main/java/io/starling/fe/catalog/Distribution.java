package io.starling.fe.catalog;

import java.util.List;

/** DISTRIBUTED BY HASH(cols) BUCKETS n, or DISTRIBUTED BY RANDOM [BUCKETS n]. */
public record Distribution(boolean random, List<String> hashColumns, int buckets)
{
}
