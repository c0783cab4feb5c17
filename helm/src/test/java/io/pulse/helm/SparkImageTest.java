package io.pulse.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the chart expects of the Spark image (Dockerfile.spark) is there: the classes its
 * object-store configuration names are in the image's jars, the JMX exporter's files are copied
 * where the chart points, and no directory hides a missing state mount.
 *
 * <p>The image's jars are Spark's own (the build's Spark and Hadoop client, on this test's
 * classpath) plus what Dockerfile.spark adds: hadoop-aws and the AWS SDK v2 bundle at the versions
 * its ARGs pin. Those versions must equal the jars this module resolves in test scope, whose
 * classes stand for them (the bundle's credentials providers are those of the SDK's {@code auth}).
 */
class SparkImageTest {
  private static final PulseChart CHART = PulseChart.ofRepository();
  private static final Pattern CLASS_NAME =
      Pattern.compile("^([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*$");

  private static String dockerfile() {
    try {
      return Files.readString(CHART.dir().resolve("../../Dockerfile.spark").normalize());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String arg(String name) {
    Matcher m = Pattern.compile("(?m)^ARG " + name + "=(\\S+)$").matcher(dockerfile());
    assertTrue(m.find(), "Dockerfile.spark pins no " + name);
    return m.group(1);
  }

  /** The test classpath's jar of an artifact, found by its file name. */
  private static Path jar(String artifact) {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().matches(Pattern.quote(artifact) + "-\\d.*\\.jar"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + artifact + " jar on the test classpath"));
  }

  private static String version(Path jar, String artifact) {
    String file = jar.getFileName().toString();
    return file.substring(artifact.length() + 1, file.length() - ".jar".length());
  }

  /** The jars of the image that can hold a class the Hadoop/S3A configuration names. */
  static List<Path> imageJars() {
    return List.of(
        jar("hadoop-aws"),
        jar("auth"),
        jar("hadoop-client-api"),
        jar("hadoop-client-runtime"),
        jar("spark-core_2.13"));
  }

  @Test
  void theDockerfilePinsTheS3aJarsThisTestChecksAgainst() {
    Path hadoopAws = jar("hadoop-aws");
    assertEquals(version(hadoopAws, "hadoop-aws"), arg("HADOOP_AWS_VERSION"));
    // hadoop-aws must match the Hadoop inside Spark exactly.
    assertEquals(version(jar("hadoop-client-api"), "hadoop-client-api"), arg("HADOOP_AWS_VERSION"));
    assertEquals(version(jar("auth"), "auth"), arg("AWS_SDK_V2_VERSION"));
    assertTrue(
        dockerfile().contains("software.amazon.awssdk:bundle:${AWS_SDK_V2_VERSION}"),
        "Dockerfile.spark does not add the SDK bundle");
    assertTrue(dockerfile().contains("org.apache.hadoop:hadoop-aws:${HADOOP_AWS_VERSION}"));
  }

  @ParameterizedTest
  @EnumSource(ValueSets.class)
  void objectStoreConfigurationNamesOnlyClassesTheImageHas(ValueSets set) {
    List<String> missing = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    for (SparkApps.App app : SparkApps.of(CHART.render(set.values(CHART)))) {
      Map<String, String> conf = OperatorSubmission.strings(app.spec().get("sparkConf"));
      conf.forEach(
          (key, value) -> {
            if (!key.startsWith("spark.hadoop.")) {
              return;
            }
            for (String name : value.split(",")) {
              String className = name.trim();
              if (CLASS_NAME.matcher(className).matches()) {
                checked.add(className);
                if (!inImage(className)) {
                  missing.add(app.name() + " " + key + ": " + className);
                }
              }
            }
          });
      String state = app.argument("checkpoint-location");
      if (state != null && state.startsWith("s3a://")) {
        assertTrue(inImage("org.apache.hadoop.fs.s3a.S3AFileSystem"));
      }
    }
    assertEquals(List.of(), missing, "classes the image does not have");
    if (set == ValueSets.EXISTING_KAFKA) {
      assertFalse(checked.isEmpty(), "the object-store example names no credentials provider");
    }
  }

  @Test
  void theCheckIsNotBlind() {
    // An AWS SDK v1 provider (what Hadoop 3.3 took) is in none of the image's jars.
    assertFalse(inImage("com.amazonaws.auth.WebIdentityTokenCredentialsProvider"));
    assertTrue(
        inImage("software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider"));
  }

  @Test
  void theMetricsFilesTheChartNamesAreCopiedThere() throws IOException {
    String rendered = CHART.render();
    SparkApps.App app = SparkApps.of(rendered).get(0);
    Map<String, Object> monitoring = OperatorSubmission.map(app.spec().get("monitoring"));
    String metrics = (String) monitoring.get("metricsPropertiesFile");
    String config = (String) OperatorSubmission.map(monitoring.get("prometheus")).get("configFile");
    assertNotNull(metrics);
    assertNotNull(config);
    Matcher copy =
        Pattern.compile("(?m)^COPY .*helm/spark-image/(\\S+) helm/spark-image/(\\S+) (\\S+)/$")
            .matcher(dockerfile());
    assertTrue(copy.find(), "Dockerfile.spark copies no metrics files");
    List<String> inImage =
        List.of(copy.group(3) + "/" + copy.group(1), copy.group(3) + "/" + copy.group(2));
    assertTrue(inImage.contains(config), config + " not in " + inImage);
    assertTrue(inImage.contains(metrics), metrics + " not in " + inImage);
    Path sources = CHART.dir().resolveSibling("spark-image");
    assertTrue(Files.isRegularFile(sources.resolve(copy.group(1))));
    assertTrue(Files.isRegularFile(sources.resolve(copy.group(2))));
  }

  @Test
  void theImageCreatesNoDirectoryThatHidesAMissingStateMount() {
    String mountPath = "/var/lib/pulse";
    assertTrue(CHART.render().contains(mountPath + "\""), "the chart's mount path changed");
    for (String line : dockerfile().lines().toList()) {
      if (line.startsWith("RUN") || line.startsWith("COPY") || line.startsWith("WORKDIR")) {
        assertFalse(line.contains(mountPath), line);
      }
    }
  }

  private static boolean inImage(String className) {
    String entry = className.replace('.', '/') + ".class";
    for (Path jar : imageJars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        if (file.getEntry(entry) != null) {
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }
}
