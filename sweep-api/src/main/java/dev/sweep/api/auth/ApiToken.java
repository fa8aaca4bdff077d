package dev.sweep.api.auth;

import java.time.Instant;

/**
 * A row of {@code api_token} as lists show it: everything but the secret, which is never stored.
 *
 * @param hint the first characters of a generated token, or the variable an operator's came from
 * @param source {@code api} (created through the API) or {@code bootstrap} (SWEEP_*_TOKEN)
 * @param createdBy the id of the user token that created it; null for bootstrap tokens
 */
public record ApiToken(
    long id,
    Role role,
    String name,
    String hint,
    String source,
    Long createdBy,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {

  public boolean active() {
    return revokedAt == null;
  }
}
