package io.starling.storage.compress;

/** Compressed input that does not decompress to the size recorded next to it. */
public final class CorruptDataException extends RuntimeException
{
    public CorruptDataException(String message, Throwable cause)
    {
        super(message, cause);
    }
}
