package io.meshlet.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.meshlet.config.internal.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jackson support for the model records: durations in Istio's syntax ({@code "1.5s"}), unset
 * fields and empty lists omitted, unknown fields rejected. The records then read and write the same
 * JSON an Istio user writes.
 */
public final class ConfigJson {
  private static final ObjectMapper MAPPER = configure(new ObjectMapper());

  private ConfigJson() {}

  /** A shared, configured mapper. Do not reconfigure it; call {@link #configure} on your own instead. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Registers Istio duration handling and Istio-style inclusion rules on {@code mapper}. */
  public static ObjectMapper configure(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("meshlet-istio");
    module.addSerializer(Duration.class, new JsonSerializer<>() {
      @Override
      public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(Durations.format(value));
      }
    });
    module.addDeserializer(Duration.class, new JsonDeserializer<>() {
      @Override
      public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        try {
          return Durations.parse(p.getValueAsString());
        } catch (IllegalArgumentException e) {
          return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getValueAsString(), e.getMessage());
        }
      }
    });
    mapper.registerModule(module);
    mapper.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    JsonInclude.Value nonEmpty = JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_NULL);
    mapper.configOverride(List.class).setInclude(nonEmpty);
    mapper.configOverride(Map.class).setInclude(nonEmpty);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    return mapper;
  }
}
