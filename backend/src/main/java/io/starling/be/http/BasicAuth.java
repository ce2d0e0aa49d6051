package io.starling.be.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic credentials ({@code Authorization: Basic base64(user:password)}); null fields when absent or bad. */
record BasicAuth(String user, String password)
{
    static BasicAuth parse(String header)
    {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new BasicAuth(null, null);
        }
        try {
            String s = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon < 0 ? new BasicAuth(s, "") : new BasicAuth(s.substring(0, colon), s.substring(colon + 1));
        }
        catch (IllegalArgumentException e) {
            return new BasicAuth(null, null);
        }
    }
}
