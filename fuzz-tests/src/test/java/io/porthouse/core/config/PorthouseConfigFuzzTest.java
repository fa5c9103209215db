package io.porthouse.core.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A config file, any text, as the launcher reads it: taken, or refused with a
 * {@link ConfigException} that says what is wrong; never another exception.
 */
class PorthouseConfigFuzzTest {

  private static final Path FILE = file();

  private static Path file() {
    try {
      Path f = Files.createTempFile("porthouse-fuzz", ".json");
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void load(byte[] text) throws IOException {
    Files.write(FILE, text);
    try {
      PorthouseConfig.load(FILE, Map.of());
    } catch (ConfigException refused) {
      if (refused.getMessage() == null || refused.getMessage().isBlank()) {
        throw new AssertionError("a refusal says why", refused);
      }
    }
  }
}
