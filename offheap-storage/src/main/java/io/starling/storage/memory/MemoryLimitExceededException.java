package io.starling.storage.memory;

/** Thrown when a reservation would take a {@link MemoryContext} (or one of its ancestors) past its limit. */
public final class MemoryLimitExceededException extends RuntimeException
{
    public MemoryLimitExceededException(String message)
    {
        super(message);
    }
}
