package io.starling.fe.journal;

/**
 * The journal on disk is damaged in a way a crash cannot explain (a bad record followed by valid data, a bad
 * image, a gap in sequence numbers). Start-up stops with this message rather than silently losing metadata.
 */
public class JournalCorruptedException extends RuntimeException
{
    public JournalCorruptedException(String message)
    {
        super(message);
    }
}
