package dev.ecsguard.rule.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String DIGEST = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // image | registry | repository | tag | digest | ecr account | ecr region
      "nginx | docker.io | library/nginx | - | - | - | -",
      "nginx:1.27 | docker.io | library/nginx | 1.27 | - | - | -",
      "library/nginx:latest | docker.io | library/nginx | latest | - | - | -",
      "docker.io/bitnami/redis:7.2 | docker.io | bitnami/redis | 7.2 | - | - | -",
      "index.docker.io/nginx | docker.io | library/nginx | - | - | - | -",
      "grafana/grafana | docker.io | grafana/grafana | - | - | - | -",
      "localhost/app | localhost | app | - | - | - | -",
      "localhost:5000/team/app:2.0 | localhost:5000 | team/app | 2.0 | - | - | -",
      "registry.example.com:5000/team/app | registry.example.com:5000 | team/app | - | - | - | -",
      "public.ecr.aws/nginx/nginx:1.27-alpine | public.ecr.aws | nginx/nginx | 1.27-alpine | - | - | -",
      "111122223333.dkr.ecr.us-east-1.amazonaws.com/team/app:1.4.2 | 111122223333.dkr.ecr.us-east-1.amazonaws.com"
          + " | team/app | 1.4.2 | - | 111122223333 | us-east-1",
      "111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app | 111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com"
          + " | app | - | - | 111122223333 | us-gov-west-1",
      "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/app:v1 | 111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn"
          + " | app | v1 | - | 111122223333 | cn-north-1",
      "111122223333.dkr-ecr.eu-west-1.on.aws/app:v1 | 111122223333.dkr-ecr.eu-west-1.on.aws | app | v1 | - | 111122223333"
          + " | eu-west-1",
  })
  void parses(String image, String registry, String repository, String tag, String digest, String account,
      String region) {
    ImageReference parsed = ImageReference.parse(image).orElseThrow();
    assertEquals(new ImageReference(registry, repository, tag, digest, account, region), parsed);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"app@", "app:1.0@", "111122223333.dkr.ecr.us-east-1.amazonaws.com/app:latest@"})
  void parsesDigests(String prefix) {
    ImageReference parsed = ImageReference.parse(prefix + DIGEST).orElseThrow();
    assertEquals(DIGEST, parsed.digest());
    assertTrue(parsed.pinnedByDigest());
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "my app", "app:", "app:bad tag", "app@sha256:short", "/app", "registry.example.com/",
      "team//app", "app:-bad"})
  void rejectsNonReferences(String image) {
    assertEquals(Optional.empty(), ImageReference.parse(image));
  }

  @org.junit.jupiter.api.Test
  void classifiesRegistries() {
    assertTrue(ImageReference.parse("nginx").orElseThrow().isDockerHub());
    assertTrue(ImageReference.parse("public.ecr.aws/nginx/nginx").orElseThrow().isEcrPublic());
    assertFalse(ImageReference.parse("public.ecr.aws/nginx/nginx").orElseThrow().isEcr());
    assertTrue(ImageReference.parse("111122223333.dkr.ecr.us-east-1.amazonaws.com/app").orElseThrow().isEcr());
    assertFalse(ImageReference.parse("ghcr.io/example/app:1").orElseThrow().isDockerHub());
  }
}
