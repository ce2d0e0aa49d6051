package io.starling.fe.catalog;

/** One bucket of a partition. In all-in-one mode its single replica lives on the local BE (backend id 10001). */
public record Tablet(long id, long backendId)
{
}
