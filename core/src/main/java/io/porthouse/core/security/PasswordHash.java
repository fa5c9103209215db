package io.porthouse.core.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password hashes as Porthouse stores them (room passwords, later accounts): PBKDF2 with
 * HMAC-SHA-256 from the JDK's own provider, a random 16-byte salt per hash, and the iteration
 * count in the stored form so it can be raised later without breaking old hashes:
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}. Hashing and verifying cost
 * CPU on purpose (about a third of a second at the default 600,000 iterations, OWASP's figure):
 * callers run them off the event loop.
 */
public final class PasswordHash {

  /** The prefix of every stored hash. */
  public static final String SCHEME = "pbkdf2-sha256";
  /** The most iterations a stored hash may ask for (the top of {@code rooms.passwordIterations}); more never verifies. */
  public static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {
  }

  /** A new stored hash of {@code password}. */
  public static String hash(String password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} is the one {@code stored} was made from (constant-time comparison); false for a malformed {@code stored}. */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        return false; // a stored form can come from a room's creator: never hash for hours
      }
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code value} has the stored form (so a stored hash is never taken for a password, nor the other way). */
  public static boolean isHash(String value) {
    return value != null && value.startsWith(SCHEME + "$") && value.split("\\$").length == 4;
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
