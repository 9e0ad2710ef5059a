package io.meshlet.config.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlet.config.ConfigJson;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Conformance;
import io.meshlet.config.Resource;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every model record survives a Jackson round trip, with every field set and as loaded from Istio's files. */
class ModelJsonRoundTripTest {
  private static final ObjectMapper MAPPER = ConfigJson.mapper();

  @TestFactory
  Stream<DynamicTest> everyRecordWithEveryFieldSetRoundTrips() throws Exception {
    return modelRecords().stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
      Object value = populated(type, new HashSet<>());
      String json = MAPPER.writeValueAsString(value);
      assertThat(MAPPER.readValue(json, type)).as(json).isEqualTo(value);
    }));
  }

  @Test
  void generatorReachesEveryRecordFromTheSixKinds() throws Exception {
    Set<Class<?>> reached = new HashSet<>();
    for (Class<?> kind : List.of(VirtualService.class, DestinationRule.class, ServiceEntry.class,
        WorkloadEntry.class, Gateway.class, Sidecar.class)) {
      reach(kind, reached);
    }
    reached.add(ObjectMeta.class);
    assertThat(reached).containsExactlyInAnyOrderElementsOf(modelRecords());
  }

  @Test
  void durationsUseIstioSyntax() throws Exception {
    HttpRetry retry = new HttpRetry(3, Duration.ofMillis(1500), "5xx", null, null, Duration.ofMillis(25));
    String json = MAPPER.writeValueAsString(retry);
    assertThat(json).contains("\"perTryTimeout\":\"1.5s\"").contains("\"backoff\":\"25ms\"")
        .doesNotContain("null");
    assertThat(MAPPER.readValue(json, HttpRetry.class)).isEqualTo(retry);
  }

  @TestFactory
  Stream<DynamicTest> istioSampleSpecsRoundTrip() throws IOException {
    var dir = Conformance.istioDir();
    org.junit.jupiter.api.Assumptions.assumeTrue(dir.isPresent(), "shared/conformance/istio is not present");
    List<Resource<?>> resources = new ConfigLoader().read(ConfigSource.path(dir.get().resolve("samples")),
        ConfigSource.path(dir.get().resolve("tests"))).resources();
    assertThat(resources).hasSizeGreaterThan(100);
    return resources.stream().map(r -> DynamicTest.dynamicTest(r.origin() + " " + r.displayName(), () -> {
      String json = MAPPER.writeValueAsString(r.spec());
      assertThat(MAPPER.readValue(json, r.spec().getClass())).isEqualTo(r.spec());
    }));
  }

  /** Every record type in this package (nested ones included). */
  static List<Class<?>> modelRecords() throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir = Path.of(IstioSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve(IstioSpec.class.getPackageName().replace('.', '/'));
    List<Class<?>> out = new java.util.ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class")) {
          Class<?> c = Class.forName(IstioSpec.class.getPackageName() + "." + name.replace(".class", ""));
          if (c.isRecord()) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  private static void reach(Class<?> type, Set<Class<?>> reached) {
    if (!type.isRecord() || !reached.add(type)) {
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      reach(leaf(c.getGenericType()), reached);
    }
  }

  private static Class<?> leaf(Type t) {
    if (t instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      return leaf(args[args.length - 1]);
    }
    return (Class<?>) t;
  }

  /** An instance with every component set: lists and maps of one element, nested records populated. */
  static Object populated(Class<?> type, Set<Class<?>> path) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    path.add(type);
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = sample(components[i].getGenericType(), components[i].getName(), path);
    }
    path.remove(type);
    var ctor = type.getDeclaredConstructor(types);
    ctor.setAccessible(true);
    return ctor.newInstance(args);
  }

  private static Object sample(Type type, String name, Set<Class<?>> path) throws Exception {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Object element = sample(p.getActualTypeArguments()[raw == Map.class ? 1 : 0], name, path);
      if (element == null) {
        return raw == Map.class ? Map.of() : List.of();
      }
      if (raw == Map.class) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", element);
        return m;
      }
      return List.of(element);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return name + "-value";
    }
    if (c == Integer.class) {
      return 7;
    }
    if (c == Long.class) {
      return 7L;
    }
    if (c == Double.class) {
      return 7.5;
    }
    if (c == Boolean.class) {
      return Boolean.TRUE;
    }
    if (c == Duration.class) {
      return Duration.ofMillis(1500);
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return constants[constants.length - 1];
    }
    if (c.isRecord()) {
      return path.contains(c) ? null : populated(c, path);
    }
    throw new IllegalStateException("no sample for " + c);
  }
}
