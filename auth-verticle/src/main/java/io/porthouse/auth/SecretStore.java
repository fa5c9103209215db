package io.porthouse.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HS256 secret kept in the data directory when none is configured. Created once, atomically:
 * JVMs starting at the same moment each write a candidate to a private temp file and hard-link it
 * to the final name; the link fails for all but one, and every JVM then reads the winner.
 * Blocking file I/O: call it off the event loop.
 */
public final class SecretStore {

  /** File name inside the data directory. */
  public static final String FILE_NAME = "jwt-secret";

  private SecretStore() {
  }

  /** The secret in {@code dataDir}, generated there first if absent. */
  public static String loadOrCreate(Path dataDir) throws IOException {
    return loadOrCreate(dataDir, FILE_NAME);
  }

  /** The secret in file {@code fileName} of {@code dataDir} (the JWT secret, the cluster secret), generated there first if absent. */
  public static String loadOrCreate(Path dataDir, String fileName) throws IOException {
    Path target = dataDir.resolve(fileName);
    if (!Files.exists(target)) {
      Files.createDirectories(dataDir);
      Path candidate = Files.createTempFile(dataDir, fileName, ".tmp");
      try {
        trySetOwnerOnly(candidate);
        Files.writeString(candidate, newSecret(), StandardCharsets.US_ASCII);
        Files.createLink(target, candidate);
      } catch (FileAlreadyExistsException anotherJvmWon) {
        // keep the other JVM's secret
      } finally {
        Files.deleteIfExists(candidate);
      }
    }
    String secret = Files.readString(target, StandardCharsets.US_ASCII).trim();
    if (secret.length() < 32) {
      throw new IOException(target + " holds a secret shorter than 32 characters; delete it to generate a new one");
    }
    return secret;
  }

  private static String newSecret() {
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void trySetOwnerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException notPosix) {
      // best effort on filesystems without POSIX permissions
    }
  }
}
