package dev.courtside.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests name the image that the image profile builds. */
class DeployFilesTest {

  private static final Path POM = Path.of("pom.xml");
  private static final Path MANIFESTS = Path.of("deploy/kubernetes/courtside.yaml");

  private static String projectVersion(String pom) {
    Matcher matcher = Pattern.compile("<artifactId>courtside</artifactId>\\s*"
        + "<version>([^<]+)</version>").matcher(pom);
    assertThat(matcher.find()).as("project version in pom.xml").isTrue();
    return matcher.group(1);
  }

  @Test
  void manifestsUseImageOfProfile() throws Exception {
    String pom = Files.readString(POM);
    String version = projectVersion(pom);
    List<String> images = Files.readAllLines(MANIFESTS).stream()
        .map(String::trim)
        .filter(line -> line.startsWith("image:"))
        .map(line -> line.substring("image:".length()).trim())
        .toList();

    assertThat(pom).contains("<image>courtside:${project.version}</image>");
    assertThat(images).isNotEmpty();
    assertThat(images).allSatisfy(image -> assertThat(image)
        .isEqualTo("courtside:" + version));
  }

  @Test
  void manifestsProbeHealthEndpoints() throws Exception {
    String manifests = Files.readString(MANIFESTS);

    assertThat(manifests).contains("readinessProbe:");
    assertThat(manifests).contains("path: /health/ready");
    assertThat(manifests).contains("livenessProbe:");
    assertThat(manifests).contains("path: /health/live");
    assertThat(manifests).contains("startupProbe:");
    assertThat(manifests).contains("runAsNonRoot: true");
    assertThat(manifests).contains("runAsUser: 65532");
  }
}
