package io.meshlet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.Diagnostic;
import io.meshlet.config.MeshConfig;

/**
 * Validator-test YAML whose line of interest carries a {@code # <<} mark (no mark: the
 * {@code spec:} line), and the checks that a diagnostic lands on that line.
 */
final class MarkedYaml {
  static final String MARK = "# <<";

  private MarkedYaml() {}

  /** Loads {@code yaml} as the file {@code mesh.yaml}. */
  static MeshConfig load(String yaml) {
    return new ConfigLoader().read(ConfigSource.string("mesh.yaml", yaml));
  }

  /** The 1-based line of the mark, or of {@code spec:} when there is none. */
  static int markedLine(String yaml) {
    String[] lines = yaml.split("\n", -1);
    int spec = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(MARK)) {
        return i + 1;
      }
      if (spec == 0 && lines[i].equals("spec:")) {
        spec = i + 1;
      }
    }
    return spec;
  }

  /** Some error at {@code path} is on the marked line and mentions {@code fragment}. */
  static void assertErrorAtMark(MeshConfig config, String yaml, String path, String fragment) {
    assertThat(config.errors())
        .filteredOn(d -> d.path().equals(path))
        .as("errors at %s in%n%s%ngot %s", path, yaml, config.diagnostics())
        .anySatisfy(d -> {
          assertThat(d.line()).isEqualTo(markedLine(yaml));
          assertThat(d.message()).contains(fragment);
        });
  }

  /** The load has no error and exactly one warning at {@code path}, on the marked line, mentioning {@code fragment}. */
  static void assertSingleWarningAtMark(MeshConfig config, String yaml, String path, String fragment) {
    assertThat(config.errors()).as("%s", config.diagnostics()).isEmpty();
    assertThat(config.diagnostics())
        .filteredOn(d -> d.severity() == Diagnostic.Severity.WARNING && d.path().equals(path))
        .as("warnings at %s: %s", path, config.diagnostics())
        .singleElement()
        .satisfies(d -> {
          assertThat(d.line()).isEqualTo(markedLine(yaml));
          assertThat(d.message()).contains(fragment);
        });
  }
}
