package dev.courtside.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Node tests of the browser client module ({@code src/test/js}), so
 * {@code ./mvnw verify} covers the JavaScript too.
 */
class ClientModuleTest {

  @Test
  void nodeTestsOfClientModulePass() throws Exception {
    assumeTrue(nodeAvailable(), "node not found on PATH: install Node.js 20.19 or later to"
        + " run the client module tests");
    Path output = Files.createTempFile("courtside-node-test", ".log");
    Process node = new ProcessBuilder("node", "--test", "src/test/js/courtside.test.js")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    boolean exited = node.waitFor(120, TimeUnit.SECONDS);
    if (!exited) {
      node.destroyForcibly();
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);
    Files.deleteIfExists(output);

    assertThat(exited).as("node --test finished within 120 s").isTrue();
    assertThat(node.exitValue()).as("node --test exit code; output:%n%s", log).isZero();
    assertThat(log).contains("# fail 0");
  }

  private static boolean nodeAvailable() {
    try {
      return new ProcessBuilder("node", "--version").start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
