package io.starling.fe.catalog;

/** A database: an id and a name; its tables are held by the {@link Catalog}. */
public record Database(long id, String name, long createTimeMillis)
{
}
