package dev.sweep.api.auth;

import dev.sweep.api.config.SweepProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Checks a bearer token against {@code api_token} by its SHA-256. A valid token is remembered for
 * {@code sweep.auth.cache-ttl}, so a worker's heartbeats and a dashboard's polling do not each cost
 * a database lookup; invalid ones are never remembered, so guessing cannot fill the cache.
 */
@Component
class TokenAuthenticator implements AuthenticationProvider {
  /** Past this many remembered tokens, expired ones are swept out on the next insert. */
  private static final int SWEEP_ABOVE = 1_000;

  private record Remembered(ApiToken token, Instant until) {}

  private final TokenStore store;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  TokenAuthenticator(TokenStore store, Clock clock, SweepProperties props) {
    this.store = store;
    this.clock = clock;
    this.ttl = props.auth().cacheTtl();
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String secret = ((TokenAuthentication) authentication).getCredentials();
    byte[] sha256 = TokenSecrets.sha256(secret);
    String key = HexFormat.of().formatHex(sha256);
    Instant now = clock.instant();
    Remembered known = remembered.get(key);
    if (known == null || !now.isBefore(known.until())) {
      Optional<ApiToken> token;
      try {
        token = store.findActive(sha256);
        token.ifPresent(t -> store.touch(t.id()));
      } catch (DataAccessException e) {
        throw new AuthenticationServiceException("the token store is unreachable", e);
      }
      if (token.isEmpty()) {
        remembered.remove(key);
        throw new BadCredentialsException("the token is not valid: it is unknown or was revoked");
      }
      known = new Remembered(token.get(), now.plus(ttl));
      if (remembered.size() > SWEEP_ABOVE) {
        remembered.values().removeIf(r -> !now.isBefore(r.until()));
      }
      remembered.put(key, known);
    }
    return TokenAuthentication.checked(known.token());
  }

  /** Forgets a revoked token at once on this API; other replicas forget it within the TTL. */
  void forget(long tokenId) {
    remembered.values().removeIf(r -> r.token().id() == tokenId);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return TokenAuthentication.class.isAssignableFrom(authentication);
  }
}
