package io.starling.fe.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.google.protobuf.ByteString;
import io.starling.rpc.proto.Literal;

import java.io.IOException;
import java.util.Base64;

/**
 * JSON encoding of journal entries and images (UTF-8, Jackson). Model records are written component by component;
 * protobuf {@link Literal}s (partition bounds) are written compactly as {@code {"null":true}}, {@code {"l":123}},
 * {@code {"d":1.5}}, {@code {"b":"<base64>"}} or {@code {"z":true}}. Unknown properties are ignored when reading, so a
 * newer build can add components to a record and still read older journals.
 */
public final class JournalCodec
{
    private final ObjectMapper mapper;

    public JournalCodec()
    {
        SimpleModule module = new SimpleModule("starling-journal");
        module.addSerializer(Literal.class, new LiteralSerializer());
        module.addDeserializer(Literal.class, new LiteralDeserializer());
        mapper = JsonMapper.builder()
                .addModule(module)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                // Records such as DataType have helper methods (isDecimal()) that are not state.
                .configure(MapperFeature.AUTO_DETECT_IS_GETTERS, false)
                .build();
    }

    public ObjectMapper mapper()
    {
        return mapper;
    }

    public byte[] encode(JournalEntry entry) throws IOException
    {
        return mapper.writerFor(JournalEntry.class).writeValueAsBytes(entry);
    }

    public JournalEntry decode(byte[] payload) throws IOException
    {
        return mapper.readValue(payload, JournalEntry.class);
    }

    public byte[] write(Object value) throws IOException
    {
        return mapper.writeValueAsBytes(value);
    }

    public JsonNode readTree(byte[] bytes) throws IOException
    {
        return mapper.readTree(bytes);
    }

    public <T> T convert(JsonNode node, Class<T> type) throws IOException
    {
        return mapper.treeToValue(node, type);
    }

    public <T> T convert(JsonNode node, JavaType type) throws IOException
    {
        return mapper.treeToValue(node, type);
    }

    private static final class LiteralSerializer extends JsonSerializer<Literal>
    {
        @Override
        public void serialize(Literal v, JsonGenerator g, SerializerProvider p) throws IOException
        {
            g.writeStartObject();
            if (v.getIsNull()) {
                g.writeBooleanField("null", true);
            }
            else {
                switch (v.getValueCase()) {
                    case LONG_VALUE -> g.writeNumberField("l", v.getLongValue());
                    case DOUBLE_VALUE -> g.writeNumberField("d", v.getDoubleValue());
                    case BYTES_VALUE -> g.writeStringField("b", Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
                    case BOOL_VALUE -> g.writeBooleanField("z", v.getBoolValue());
                    case VALUE_NOT_SET -> g.writeBooleanField("null", true);
                }
            }
            g.writeEndObject();
        }
    }

    private static final class LiteralDeserializer extends JsonDeserializer<Literal>
    {
        @Override
        public Literal deserialize(JsonParser parser, DeserializationContext ctx) throws IOException
        {
            JsonNode n = parser.readValueAsTree();
            if (n.has("l")) {
                return Literal.newBuilder().setLongValue(n.get("l").asLong()).build();
            }
            if (n.has("d")) {
                return Literal.newBuilder().setDoubleValue(n.get("d").asDouble()).build();
            }
            if (n.has("b")) {
                return Literal.newBuilder().setBytesValue(ByteString.copyFrom(Base64.getDecoder().decode(n.get("b").asText()))).build();
            }
            if (n.has("z")) {
                return Literal.newBuilder().setBoolValue(n.get("z").asBoolean()).build();
            }
            return Literal.newBuilder().setIsNull(true).build();
        }
    }
}
