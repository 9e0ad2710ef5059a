package io.meshlet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Istio's own files load unchanged; its invalid validation vectors are rejected on the field Istio
 * names. Reads {@code shared/conformance/istio} in place and skips when it is absent.
 */
class ConformanceTest {
  private static final ConfigLoader LOADER = new ConfigLoader();

  /** Where each document of the {@code -invalid} files must be rejected (Istio's {@code _err} as a field path). */
  private static final Map<String, List<String>> INVALID_PATHS = Map.of(
      "destinationrule-invalid.yaml", List.of(
          "spec.trafficPolicy.loadBalancer.warmup.minimumPercent",
          "spec.trafficPolicy.loadBalancer.warmup.duration",
          "spec.trafficPolicy.loadBalancer.warmup.aggression"),
      "serviceentry-invalid.yaml", List.of(
          "spec", "spec.hosts", "spec.workloadSelector.labels.val", "spec.workloadSelector",
          "spec.hosts[0]", "spec.addresses[0]", "spec.ports[1].name", "spec.ports[1].number",
          "spec.ports[0].number", "spec.ports[0].targetPort", "spec.endpoints", "spec.endpoints"),
      "workloadentry-invalid.yaml", List.of(
          "spec", "spec.address", "spec.address", "spec.address", "spec.ports", "spec.ports.http",
          "spec.ports[\"@\"]"));

  @TestFactory
  Stream<DynamicTest> samplesAndTestConfigsLoadWithoutErrors() throws IOException {
    Path istio = istio();
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("samples", "tests")) {
      try (Stream<Path> walk = Files.walk(istio.resolve(dir))) {
        walk.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    assertThat(files).hasSizeGreaterThan(50);
    return files.stream().map(file -> DynamicTest.dynamicTest(istio.relativize(file).toString(), () -> {
      MeshConfig config = LOADER.read(ConfigSource.path(file));
      assertThat(config.errors()).as("errors in %s", file).isEmpty();
      assertThat(config.resources()).isNotEmpty();
    }));
  }

  @TestFactory
  Stream<DynamicTest> validVectorsLoadCleanly() throws IOException {
    Path crds = istio().resolve("pkg/config/validation/testdata/crds");
    List<DynamicTest> tests = new ArrayList<>();
    for (String kind : List.of("destinationrule", "serviceentry", "workloadentry")) {
      Path file = crds.resolve(kind + "-valid.yaml");
      List<String> docs = documents(file);
      for (int i = 0; i < docs.size(); i++) {
        String doc = docs.get(i);
        String name = file.getFileName() + "#" + i;
        tests.add(DynamicTest.dynamicTest(name, () -> {
          MeshConfig config = LOADER.read(ConfigSource.string(file.getFileName().toString(), doc));
          if (doc.contains("001:db8::")) {
            // SOURCE.md's known exception: in a YAML flow sequence `001:db8::]` is a one-entry map.
            assertThat(config.errors()).singleElement().satisfies(d -> {
              assertThat(d.line()).isEqualTo(11);
              assertThat(d.path()).isEqualTo("spec.addresses[1]");
              assertThat(d.message()).contains("must be a string");
            });
          } else {
            assertThat(config.errors()).as(name).isEmpty();
          }
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> invalidVectorsAreRejectedOnIstiosField() throws IOException {
    Path crds = istio().resolve("pkg/config/validation/testdata/crds");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : INVALID_PATHS.entrySet()) {
      Path file = crds.resolve(e.getKey());
      List<String> docs = documents(file);
      assertThat(docs).as(e.getKey()).hasSameSizeAs(e.getValue());
      for (int i = 0; i < docs.size(); i++) {
        String doc = docs.get(i);
        String expected = e.getValue().get(i);
        String istioErr = errKey(doc);
        tests.add(DynamicTest.dynamicTest(e.getKey() + "#" + i + " (" + istioErr + ")", () -> {
          MeshConfig config = LOADER.read(ConfigSource.string(e.getKey(), stripErr(doc)));
          assertThat(config.errors()).as("errors").extracting(Diagnostic::path).contains(expected);
          if (istioErr.startsWith("spec")) {
            // Istio's own field path, where it gives one, is the same field.
            assertThat(expected).startsWith(istioErr.substring(0, istioErr.indexOf(':')));
          }
        }));
      }
    }
    return tests.stream();
  }

  private static Path istio() {
    var dir = Conformance.istioDir();
    assumeTrue(dir.isPresent(), "shared/conformance/istio is not present");
    return dir.get();
  }

  /** The file's documents, each preceded by blank lines so that its line numbers are the file's. */
  private static List<String> documents(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> docs = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= lines.size(); i++) {
      if (i == lines.size() || lines.get(i).equals("---")) {
        List<String> body = lines.subList(start, i);
        if (body.stream().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
          docs.add("\n".repeat(start) + String.join("\n", body) + "\n");
        }
        start = i + 1;
      }
    }
    return docs;
  }

  private static String errKey(String doc) {
    for (String line : doc.split("\n")) {
      if (line.startsWith("_err:")) {
        return line.substring(5).trim().replaceAll("^['\"]|['\"]$", "");
      }
    }
    return "";
  }

  /** Turns the {@code _err} test-metadata line into a comment, keeping line numbers. */
  private static String stripErr(String doc) {
    return doc.replaceAll("(?m)^_err:", "#_err:");
  }
}
