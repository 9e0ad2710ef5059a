package io.meshlet.benchmarks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshlet.MeshRequest;
import io.meshlet.config.ConfigLoader;
import io.meshlet.config.ConfigSource;
import io.meshlet.config.MeshConfig;
import io.meshlet.config.model.HttpRoute;
import io.meshlet.config.model.VirtualService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticMeshTest {

  @Test
  void generatedMeshLoadsWithoutDiagnostics() {
    MeshConfig config = new ConfigLoader().load(SyntheticMesh.of(12).sources());

    assertThat(config.diagnostics()).isEmpty();
    assertThat(config.serviceEntries()).hasSize(12);
    assertThat(config.destinationRules()).hasSize(12);
    assertThat(config.virtualServices()).hasSize(12);
  }

  @Test
  void everyHostHasThreeEndpointsThreeSubsetsAndTenRoutesEndingInAThreeWaySplit() {
    MeshConfig config = new ConfigLoader().load(SyntheticMesh.of(3).sources());

    assertThat(config.serviceEntries()).allSatisfy(se -> assertThat(se.spec().endpoints()).hasSize(3));
    assertThat(config.destinationRules()).allSatisfy(dr -> {
      assertThat(dr.spec().subsets()).hasSize(3);
      assertThat(dr.spec().trafficPolicy().outlierDetection()).isNotNull();
    });
    VirtualService vs = config.virtualServices().get(0).spec();
    assertThat(vs.http()).hasSize(SyntheticMesh.ROUTES);
    HttpRoute last = vs.http().get(SyntheticMesh.ROUTES - 1);
    assertThat(last.match()).isEmpty();
    assertThat(last.route()).extracting(d -> d.weight()).containsExactly(50, 30, 20);
  }

  @Test
  void largeMeshesAreSplitIntoSourcesUnderTheLoaderLimit() {
    List<ConfigSource> sources = SyntheticMesh.of(SyntheticMesh.HOSTS_PER_SOURCE * 2 + 1).sources();

    assertThat(sources).hasSize(3);
    assertThat(sources).allSatisfy(s -> assertThat(((ConfigSource.StringSource) s).bytes().length)
        .isLessThan(8 * 1024 * 1024));
  }

  @Test
  void writtenDirectoryLoadsLikeTheSources(@TempDir Path dir) throws Exception {
    MeshConfig fromFiles = new ConfigLoader().load(ConfigSource.path(SyntheticMesh.of(5).writeTo(dir)));

    assertThat(fromFiles.resources()).hasSize(15);
  }

  @Test
  void requestsAddressTheHostByItsFullName() {
    MeshRequest r = SyntheticMesh.request(42, 0);

    assertThat(r.host()).isEqualTo("svc-00042.bench.svc.cluster.local");
    assertThat(r.header("end-user")).isEqualTo("user-42");
    assertThat(SyntheticMesh.request(1, 5).method()).isEqualTo("POST");
    assertThatThrownBy(() -> SyntheticMesh.request(1, SyntheticMesh.ROUTES)).isInstanceOf(IllegalArgumentException.class);
  }
}
