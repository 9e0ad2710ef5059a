package io.meshlet.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

class YamlDocumentsTest {
  private static final Resolver SNAKEYAML = new Resolver();
  private static final YamlDocuments.QuickResolver QUICK = new YamlDocuments.QuickResolver();

  @ParameterizedTest
  @ValueSource(strings = {"reviews", "namespace", "name", "no", "No", "NO", "n", "y", "yes", "Yes", "on", "off", "Off",
      "true", "True", "TRUE", "false", "False", "falsey", "nulls", "null", "Null", "NULL", "none", "offset", "trueish",
      "0", "1", "80", "8080", "007", "0x1F", "0b101", "0o17", "1_000", "1:20", "123456789012345678",
      "1234567890123456789", "10.0.0.1", "1.5", "1e3", "10s", "2024-01-01", "~", "", "-1", "+1", ".5", ".inf", "<<",
      "=", "/api/v1/", "*.example.com", "X-Tenant", "v1", "MESH_INTERNAL", "fé", "Émile", "yES", "nUll", "ON", "oN",
      "1.2.3", "1.2.3.4", "01.2.3", "1..2", "1.", "12.5.", "1.2e3", "10.0.0.1a", "2001:db8::1", "12:30:00"})
  void quickResolverTagsPlainScalarsAsSnakeYamlDoes(String value) {
    assertThat(QUICK.resolve(NodeId.scalar, value, true)).isEqualTo(SNAKEYAML.resolve(NodeId.scalar, value, true));
    assertThat(QUICK.resolve(NodeId.scalar, value, false)).isEqualTo(SNAKEYAML.resolve(NodeId.scalar, value, false));
  }
}
