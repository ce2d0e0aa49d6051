package io.starling.fe.auth;

/**
 * One mutation of the {@link UserStore}, as written to the metadata journal and replayed with
 * {@link UserStore#apply(UserChange)}. Carries the stored hash, never the password.
 *
 * @param kind       what happened
 * @param user       user name
 * @param host       host pattern ({@code %} = any host); ignored for {@link Kind#DROP}
 * @param authString mysql.user-style hash ({@code *} + 40 hex digits, or "" for no password); ignored for DROP
 */
public record UserChange(Kind kind, String user, String host, String authString)
{
    /** Kinds of user mutations. */
    public enum Kind
    {
        /** CREATE USER. */
        CREATE,
        /** DROP USER. */
        DROP,
        /** ALTER USER ... IDENTIFIED BY / SET PASSWORD. */
        SET_PASSWORD
    }
}
