package io.starling.fe.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.starling.fe.auth.UserChange;
import io.starling.fe.auth.UserStore;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Journals the {@link UserStore}: its journal hook logs a {@link JournalEntry.User} entry, the store applies the
 * change itself after the hook returns; on replay this component applies it. The image section is a mirror of the
 * store's snapshot kept here, so a checkpoint never has to take the store's lock while holding the edit-log lock
 * (the hook runs with the store locked and then takes the edit-log lock; the reverse order would deadlock).
 */
public final class UserJournal implements JournalComponent
{
    public static final String IMAGE_SECTION = "users";

    private final UserStore store;
    private final Map<String, String> mirror = new TreeMap<>();

    public UserJournal(UserStore store)
    {
        this.store = store;
        mirror.putAll(store.snapshot());
    }

    /** Installs the hook; call after replay. */
    public void attach(EditLog log)
    {
        store.setJournal(change -> log.log(new JournalEntry.User(change)));
    }

    @Override
    public String imageSection()
    {
        return IMAGE_SECTION;
    }

    @Override
    public void apply(JournalEntry entry, boolean replay)
    {
        if (entry instanceof JournalEntry.User u) {
            UserChange c = u.change();
            switch (c.kind()) {
                case CREATE, SET_PASSWORD -> mirror.put(c.user(), c.authString() + "@"
                        + (c.host() == null || c.host().isEmpty() ? UserStore.ANY_HOST : c.host()));
                case DROP -> mirror.remove(c.user());
            }
            if (replay) {
                store.apply(c);
            }
        }
    }

    @Override
    public Object image()
    {
        return new TreeMap<>(mirror);
    }

    @Override
    public void loadImage(JsonNode section, JournalCodec codec) throws IOException
    {
        if (section == null) {
            return;
        }
        Map<String, String> m = codec.convert(section,
                TypeFactory.defaultInstance().constructMapType(TreeMap.class, String.class, String.class));
        mirror.clear();
        mirror.putAll(m);
        store.restore(m);
    }
}
