package io.starling.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Stream Load tests share: a curl-like Stream Load client and a JDBC row reader. */
final class StreamLoadClient
{
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ROOT_AUTH = "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8));
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private StreamLoadClient()
    {
    }

    /**
     * PUT to the FE, then to the BE it redirects to with the same headers and body (what curl --location-trusted
     * does), as root; asserts the 307 and the 200 and returns the BE's JSON answer.
     */
    static JsonNode load(int feHttpPort, String db, String table, Map<String, String> headers, String body) throws Exception
    {
        HttpResponse<String> fe = HTTP.send(request(URI.create("http://127.0.0.1:" + feHttpPort + "/api/" + db + "/"
                + table + "/_stream_load"), headers, body), HttpResponse.BodyHandlers.ofString());
        assertThat(fe.statusCode()).as(fe.body()).isEqualTo(307);
        URI location = URI.create(fe.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> be = HTTP.send(request(location, headers, body), HttpResponse.BodyHandlers.ofString());
        assertThat(be.statusCode()).as(be.body()).isEqualTo(200);
        return JSON.readTree(be.body());
    }

    private static HttpRequest request(URI uri, Map<String, String> headers, String body)
    {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(body)).expectContinue(true)
                .header("Authorization", ROOT_AUTH);
        headers.forEach(b::header);
        return b.build();
    }

    static void assertSuccess(JsonNode r)
    {
        assertThat(r.get("Status").asText()).as(r.toString()).isEqualTo("Success");
    }

    /** Every row of {@code query}, its values joined by '|'. */
    static List<String> rows(Connection conn, String query) throws Exception
    {
        List<String> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
