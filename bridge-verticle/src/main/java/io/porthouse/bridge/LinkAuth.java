package io.porthouse.bridge;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The challenge-response of a link: each side sends a fresh nonce in its {@code hello} and proves
 * it knows the link's secret (its own, or {@code bridge.secret}) by answering HMAC-SHA256(secret, "porthouse-bridge-v1|link|my
 * cluster|your nonce|my nonce"). The secret never crosses the wire; the proof names who makes it
 * and both nonces, so it cannot be replayed on another connection nor reflected back.
 */
public final class LinkAuth {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] secret;

  public LinkAuth(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The proofs of {@code link}: with its own secret if it has one, else the bridge's. */
  static LinkAuth of(LinkSpec link, BridgeSettings settings) {
    return new LinkAuth(link.secret() != null ? link.secret() : settings.secret());
  }

  public static String nonce() {
    byte[] n = new byte[32];
    RANDOM.nextBytes(n);
    return Base64.getEncoder().encodeToString(n);
  }

  /** The proof {@code prover} sends for {@code link}, answering {@code challenge} (the other side's nonce). */
  public String proof(String link, String prover, String challenge, String proverNonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String text = "porthouse-bridge-v1|" + link + "|" + prover + "|" + challenge + "|" + proverNonce;
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Whether {@code given} is the proof {@code prover} owes for {@code challenge}, compared in constant time. */
  public boolean verify(String given, String link, String prover, String challenge, String proverNonce) {
    if (given == null) {
      return false;
    }
    byte[] expected = proof(link, prover, challenge, proverNonce).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }
}
