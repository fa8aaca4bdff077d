package dev.sweep.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Making and hashing token secrets.
 *
 * <p>Why SHA-256 and not bcrypt: bcrypt, scrypt and Argon2 are slow on purpose so that guessing a
 * <em>human</em> password from its hash costs too much. A generated token is 256 random bits; no
 * hash speed makes guessing that feasible, so slowness would only cost every request tens of
 * milliseconds of CPU. And because the hash is unsalted and deterministic, a request finds its
 * token through a unique index in one lookup, instead of comparing against every stored hash.
 * Operator tokens (SWEEP_USER_TOKEN, SWEEP_WORKER_TOKEN) get the same treatment; a short one is
 * warned about at start-up.
 */
final class TokenSecrets {
  /** Random bytes per generated token: 256 bits. */
  static final int RANDOM_BYTES = 32;

  /** Characters of a generated token shown in lists: the prefix and 4 of its 43 random ones. */
  static final int HINT_RANDOM_CHARS = 4;

  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  /**
   * A new token such as {@code sweep_worker_3q2…}; the prefix only helps people and secret scanners
   * recognise it, the role that counts is the one stored with its hash.
   */
  static String generate(Role role) {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return prefix(role) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String prefix(Role role) {
    return "sweep_" + role.wire() + "_";
  }

  /** What a list shows of a generated token: its prefix and the first few random characters. */
  static String hint(Role role, String token) {
    return token.substring(0, prefix(role).length() + HINT_RANDOM_CHARS) + "…";
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
