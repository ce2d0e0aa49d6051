package io.starling.be.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming JSON load parser on Jackson's token stream: the body is a sequence of top-level values; each object is
 * one row, or with {@code strip_outer_array} each element of a top-level array is; {@code json_root} first selects
 * the element (by a simple {@code $.a.b} path) that holds the row(s). Columns are matched by key name, or by their
 * {@code jsonpaths} entry ({@code $.a.b}, {@code $.a[0]}). Scalars convert from their text; nested objects and
 * arrays are loaded as their JSON text; missing keys and JSON null are NULL. Only one record is materialised at a
 * time, so memory stays bounded by the largest record, not the body.
 */
final class JsonReader
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonParser parser;
    private final LoadOptions o;
    private final SourceBatchBuilder out;
    private final List<List<Object>> paths = new ArrayList<>();
    private final List<Object> rootPath;
    private boolean inOuterArray;
    private boolean done;
    private long rowsRead;

    JsonReader(InputStream in, LoadOptions o, SourceBatchBuilder out, List<String> jsonPaths) throws IOException
    {
        this.parser = MAPPER.getFactory().createParser(in);
        this.o = o;
        this.out = out;
        for (int i = 0; i < out.sourceCount(); i++) {
            String p = jsonPaths == null || jsonPaths.isEmpty() ? "" : jsonPaths.get(i);
            paths.add(p.isEmpty() ? List.of(out.sourceName(i)) : parsePath(p));
        }
        this.rootPath = o.jsonRoot().isEmpty() ? null : parsePath(o.jsonRoot());
    }

    long rowsRead()
    {
        return rowsRead;
    }

    /**
     * Parses records into the builder until its batch is full or the input ends.
     *
     * @return false when the input is exhausted
     * @throws IOException on malformed JSON (the load fails: the rest of the body cannot be resynchronised)
     */
    boolean fill() throws IOException
    {
        while (!out.full() && !done) {
            JsonToken t = parser.nextToken();
            if (t == null) {
                done = true;
                break;
            }
            if (inOuterArray) {
                if (t == JsonToken.END_ARRAY) {
                    inOuterArray = false;
                    continue;
                }
                record(MAPPER.readTree(parser));
                continue;
            }
            if (t == JsonToken.START_ARRAY && o.stripOuterArray() && rootPath == null) {
                inOuterArray = true;
                continue;
            }
            JsonNode value = MAPPER.readTree(parser);
            if (rootPath != null) {
                JsonNode root = select(value, rootPath);
                if (root == null || root.isMissingNode()) {
                    rowsRead++;
                    out.rejectRow("json_root " + o.jsonRoot() + " not found", abbreviate(value));
                    continue;
                }
                if (root.isArray() && o.stripOuterArray()) {
                    for (JsonNode e : root) {
                        record(e);
                    }
                    continue;
                }
                value = root;
            }
            record(value);
        }
        return !done;
    }

    private void record(JsonNode row)
    {
        rowsRead++;
        if (!row.isObject()) {
            String why = row.isArray() ? "A JSON array is one record unless strip_outer_array is true; it must be an object"
                    : "A record must be a JSON object";
            out.rejectRow(why, abbreviate(row));
            return;
        }
        for (int i = 0; i < out.sourceCount(); i++) {
            if (!out.used(i)) {
                continue;
            }
            JsonNode v = select(row, paths.get(i));
            if (v == null && paths.get(i).size() == 1 && paths.get(i).getFirst() instanceof String key) {
                v = ignoreCase(row, key);
            }
            if (v == null || v.isNull() || v.isMissingNode()) {
                out.nullField(i);
            }
            else {
                byte[] b = (v.isValueNode() ? v.asText() : v.toString()).getBytes(StandardCharsets.UTF_8);
                out.field(i, b, 0, b.length);
            }
        }
        out.endRow(() -> abbreviate(row));
    }

    private static JsonNode ignoreCase(JsonNode obj, String key)
    {
        var it = obj.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (f.equalsIgnoreCase(key)) {
                return obj.get(f);
            }
        }
        return null;
    }

    private static String abbreviate(JsonNode n)
    {
        String s = n.toString();
        return s.length() > RejectLog.MAX_ROW_CHARS ? s.substring(0, RejectLog.MAX_ROW_CHARS) + "..." : s;
    }

    /** Follows a parsed path (String keys, Integer indexes); null if a step is missing. */
    static JsonNode select(JsonNode n, List<Object> path)
    {
        JsonNode cur = n;
        for (Object step : path) {
            if (cur == null) {
                return null;
            }
            cur = step instanceof Integer idx ? (cur.isArray() ? cur.get(idx) : null) : cur.get((String) step);
        }
        return cur;
    }

    /**
     * Parses {@code $.a.b[0]["c d"]} (also without {@code $.}) into keys and indexes.
     *
     * @throws IllegalArgumentException on a malformed path
     */
    static List<Object> parsePath(String p)
    {
        String s = p.strip();
        List<Object> out = new ArrayList<>();
        int i = 0;
        if (s.startsWith("$")) {
            i = 1;
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                i++;
                int j = i;
                while (j < s.length() && s.charAt(j) != '.' && s.charAt(j) != '[') {
                    j++;
                }
                if (j == i) {
                    throw new IllegalArgumentException("Invalid JSON path: " + p);
                }
                out.add(s.substring(i, j));
                i = j;
            }
            else if (c == '[') {
                int j = s.indexOf(']', i);
                if (j < 0) {
                    throw new IllegalArgumentException("Invalid JSON path: " + p);
                }
                String inner = s.substring(i + 1, j).strip();
                if (inner.startsWith("\"") || inner.startsWith("'")) {
                    out.add(inner.substring(1, inner.length() - 1));
                }
                else {
                    try {
                        out.add(Integer.parseInt(inner));
                    }
                    catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Invalid JSON path: " + p);
                    }
                }
                i = j + 1;
            }
            else if (out.isEmpty() && i == 0) {
                // bare key path "a.b"
                int j = i;
                while (j < s.length() && s.charAt(j) != '.' && s.charAt(j) != '[') {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
            else {
                throw new IllegalArgumentException("Invalid JSON path: " + p);
            }
        }
        return out;
    }
}
