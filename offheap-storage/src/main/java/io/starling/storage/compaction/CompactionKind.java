package io.starling.storage.compaction;

/** The kinds of compaction, as StarRocks names them. */
public enum CompactionKind
{
    /** DUPLICATE (and merge-on-read) tablets: merge the newest run of small rowsets into one. */
    CUMULATIVE,
    /** DUPLICATE (and merge-on-read) tablets: fold every rowset into the base rowset. */
    BASE,
    /** PRIMARY/UNIQUE tablets: size-tiered, small rowsets and rowsets with many deleted rows. */
    PRIMARY
}
