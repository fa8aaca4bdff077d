package dev.sweep.api.auth;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer token: before checking, only its secret; after, the stored token (id, role, name) and no
 * secret.
 */
final class TokenAuthentication extends AbstractAuthenticationToken {
  private final ApiToken token;
  private String secret;

  private TokenAuthentication(String secret, ApiToken token) {
    super(token == null ? List.of() : List.of(token.role().authority()));
    this.secret = secret;
    this.token = token;
    setAuthenticated(token != null);
  }

  static TokenAuthentication unchecked(String secret) {
    return new TokenAuthentication(secret, null);
  }

  static TokenAuthentication checked(ApiToken token) {
    return new TokenAuthentication(null, token);
  }

  /** The stored token once checked; null before. */
  @Override
  public ApiToken getPrincipal() {
    return token;
  }

  @Override
  public String getCredentials() {
    return secret;
  }

  @Override
  public void eraseCredentials() {
    secret = null;
    super.eraseCredentials();
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
