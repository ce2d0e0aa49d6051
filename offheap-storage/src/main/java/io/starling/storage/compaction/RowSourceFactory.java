package io.starling.storage.compaction;

import io.starling.storage.memory.MemoryContext;

/** Opens the {@link RowSource} of one compaction; see {@link RowSources}. */
@FunctionalInterface
public interface RowSourceFactory
{
    RowSource open(CompactionInput input, MemoryContext memory);
}
