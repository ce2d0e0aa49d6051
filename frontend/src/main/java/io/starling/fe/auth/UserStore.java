package io.starling.fe.auth;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The users that may log in, with their mysql_native_password hashes and host patterns. Starts with
 * {@code root@'%'} and an empty password, as StarRocks does.
 *
 * <p>Persistence is the catalog's job: every mutation is first handed to the journal hook
 * ({@link #setJournal(Consumer)}) as a {@link UserChange} and then applied; replay calls
 * {@link #apply(UserChange)}, which does not journal again. Checkpoint images use {@link #snapshot()} and
 * {@link #restore(Map)}. If the journal hook throws, the store is left unchanged.
 *
 * <p>Snapshot format: user name → {@code authString + "@" + hostPattern}; the authentication string never
 * contains '@' ({@code *} + 40 hex digits, or empty). Thread-safe (all methods synchronized; logins are rare).
 */
public final class UserStore implements UserAuthenticator
{
    /** The built-in administrator, created with an empty password. */
    public static final String ROOT = "root";
    /** Host pattern matching every client. */
    public static final String ANY_HOST = "%";

    private record Entry(String host, String authString, byte[] stage2)
    {
    }

    private final Map<String, Entry> users = new TreeMap<>();
    private Consumer<UserChange> journal = change -> { };

    public UserStore()
    {
        users.put(ROOT, new Entry(ANY_HOST, "", new byte[0]));
    }

    /** Installs the hook that persists each change before it is applied (the metadata journal). */
    public synchronized void setJournal(Consumer<UserChange> journal)
    {
        this.journal = Objects.requireNonNull(journal);
    }

    /**
     * CREATE USER.
     *
     * @throws SqlError 1396 if the user exists
     */
    public synchronized void create(String user, String host, String password) throws SqlError
    {
        if (users.containsKey(user)) {
            throw new SqlError(ErrorCode.CANNOT_USER, "CREATE USER", quoted(user, host));
        }
        commit(new UserChange(UserChange.Kind.CREATE, user, normalizeHost(host), NativePassword.authString(password)));
    }

    /**
     * DROP USER.
     *
     * @throws SqlError 1396 if the user does not exist or is root
     */
    public synchronized void drop(String user) throws SqlError
    {
        if (!users.containsKey(user) || ROOT.equals(user)) {
            throw new SqlError(ErrorCode.CANNOT_USER, "DROP USER", quoted(user, ANY_HOST));
        }
        commit(new UserChange(UserChange.Kind.DROP, user, "", ""));
    }

    /**
     * SET PASSWORD / ALTER USER ... IDENTIFIED BY.
     *
     * @throws SqlError 1396 if the user does not exist
     */
    public synchronized void setPassword(String user, String password) throws SqlError
    {
        Entry e = users.get(user);
        if (e == null) {
            throw new SqlError(ErrorCode.CANNOT_USER, "ALTER USER", quoted(user, ANY_HOST));
        }
        commit(new UserChange(UserChange.Kind.SET_PASSWORD, user, e.host(), NativePassword.authString(password)));
    }

    public synchronized boolean exists(String user)
    {
        return users.containsKey(user);
    }

    /** User names, sorted. */
    public synchronized java.util.List<String> userNames()
    {
        return java.util.List.copyOf(users.keySet());
    }

    /** Host pattern of a user, or null if unknown. */
    public synchronized String host(String user)
    {
        Entry e = users.get(user);
        return e == null ? null : e.host();
    }

    /** Stored authentication string of a user ("*" + 40 hex, "" for none), or null if unknown. */
    public synchronized String authString(String user)
    {
        Entry e = users.get(user);
        return e == null ? null : e.authString();
    }

    /** Checks a mysql_native_password token for {@code user}, from any host. */
    public boolean check(String user, byte[] scramble, byte[] token)
    {
        return check(user, null, scramble, token);
    }

    /** Checks a token and, if {@code host} is not null, the user's host pattern. */
    public synchronized boolean check(String user, String host, byte[] scramble, byte[] token)
    {
        Entry e = users.get(user);
        if (e == null) {
            return false;
        }
        if (host != null && !hostMatches(e.host(), host)) {
            return false;
        }
        return NativePassword.check(scramble, token, e.stage2());
    }

    @Override
    public boolean authenticate(String user, String host, byte[] scramble, byte[] token)
    {
        return check(user, host, scramble, token);
    }

    /** Replays a journaled change (does not journal again). */
    public synchronized void apply(UserChange change)
    {
        switch (change.kind()) {
            case CREATE, SET_PASSWORD -> users.put(change.user(),
                    new Entry(normalizeHost(change.host()), change.authString(), NativePassword.decode(change.authString())));
            case DROP -> users.remove(change.user());
        }
    }

    /** Every user in the snapshot format described in the class comment. */
    public synchronized Map<String, String> snapshot()
    {
        Map<String, String> m = new TreeMap<>();
        users.forEach((u, e) -> m.put(u, e.authString() + "@" + e.host()));
        return Collections.unmodifiableMap(m);
    }

    /** Replaces every user with the content of a {@link #snapshot()} (checkpoint load). */
    public synchronized void restore(Map<String, String> snapshot)
    {
        Map<String, Entry> loaded = new TreeMap<>();
        snapshot.forEach((u, v) -> {
            int at = v.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("bad user snapshot entry for " + u + ": " + v);
            }
            String auth = v.substring(0, at);
            loaded.put(u, new Entry(normalizeHost(v.substring(at + 1)), auth, NativePassword.decode(auth)));
        });
        users.clear();
        users.putAll(loaded);
    }

    /**
     * MySQL host pattern match: {@code %} any sequence, {@code _} one character, case-insensitive. Loopback
     * spellings count as "localhost".
     */
    static boolean hostMatches(String pattern, String host)
    {
        if (ANY_HOST.equals(pattern)) {
            return true;
        }
        String h = host;
        if ("localhost".equalsIgnoreCase(pattern) && (h.equals("127.0.0.1") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1"))) {
            return true;
        }
        return like(pattern.toLowerCase(java.util.Locale.ROOT), 0, h.toLowerCase(java.util.Locale.ROOT), 0);
    }

    private static boolean like(String p, int pi, String s, int si)
    {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int k = si; k <= s.length(); k++) {
                    if (like(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '_' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    private void commit(UserChange change)
    {
        journal.accept(change);
        apply(change);
    }

    private static String normalizeHost(String host)
    {
        return host == null || host.isEmpty() ? ANY_HOST : host;
    }

    private static String quoted(String user, String host)
    {
        return "'" + user + "'@'" + normalizeHost(host) + "'";
    }
}
