package io.starling.fe.journal;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * A part of the FE metadata that is rebuilt from the journal: the catalog, the transaction table, the users.
 * {@link EditLog} hands every entry to every component (each ignores what is not its business) and asks each for
 * its section of a checkpoint image. All calls happen under the edit log's lock.
 */
public interface JournalComponent
{
    /** Name of this component's section in the image JSON object. */
    String imageSection();

    /**
     * Applies one durable entry.
     *
     * @param replay true while replaying at start-up, false for a live mutation just written
     */
    void apply(JournalEntry entry, boolean replay);

    /** This component's state as a Jackson-serialisable value. */
    Object image();

    /** Replaces the state with an image section (the section may be missing in older images: then it is null). */
    void loadImage(JsonNode section, JournalCodec codec) throws IOException;
}
