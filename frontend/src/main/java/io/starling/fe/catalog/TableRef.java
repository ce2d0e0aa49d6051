package io.starling.fe.catalog;

/** A table together with the database that holds it (lookups by table id). */
public record TableRef(Database database, OlapTable table)
{
}
