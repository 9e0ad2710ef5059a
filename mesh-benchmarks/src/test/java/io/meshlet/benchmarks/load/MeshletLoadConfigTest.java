package io.meshlet.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
import org.junit.jupiter.api.Test;

class MeshletLoadConfigTest {

  @Test
  void setUpBConfigurationLoadsWithoutDiagnostics() {
    MeshConfig config = new ConfigLoader().load(ConfigSource.string(MeshletLoadConfig.yaml(new int[] {1001, 1002, 1003})));

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.serviceEntries().get(0).spec().endpoints())
        .extracting(e -> e.ports().get("http")).containsExactly(1001, 1002, 1003);
    assertThat(config.destinationRules().get(0).spec().trafficPolicy().outlierDetection()).isNotNull();
    assertThat(config.virtualServices().get(0).spec().http().get(0).route()).hasSize(3);
    assertThat(config.virtualServices().get(0).spec().http().get(0).retries()).isNull();
  }
}
