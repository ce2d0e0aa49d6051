package io.starling.fe.auth;

/**
 * Decides whether a connecting client may log in. Called by the MySQL protocol layer once per connection, on
 * its connection thread.
 */
public interface UserAuthenticator
{
    /**
     * Checks a mysql_native_password answer.
     *
     * @param user     user name from the handshake response
     * @param host     the client's address (IP literal), matched against the user's host pattern
     * @param scramble the 20-byte scramble the server sent
     * @param token    the client's answer, empty when the client sent no password
     * @return true if the user exists, the host matches and the token proves the password
     */
    boolean authenticate(String user, String host, byte[] scramble, byte[] token);
}
