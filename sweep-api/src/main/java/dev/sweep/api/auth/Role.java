package dev.sweep.api.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sweep.api.web.ApiException;
import java.util.Locale;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a token may do. The two never overlap: a user token cannot claim or report jobs, and a
 * worker token cannot create, cancel or read anything outside the worker protocol. Worker tokens
 * live on every training machine, so a leaked one must not be able to touch sweeps; a user token
 * kept out of the worker protocol cannot forge results by accident. User tokens manage tokens (of
 * both roles), so a user is the administrator.
 */
public enum Role {
  USER,
  WORKER;

  /** As written in JSON, the database and {@code sweep token create --role}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  GrantedAuthority authority() {
    return new SimpleGrantedAuthority("ROLE_" + name());
  }

  static Role fromWire(String value, String field) {
    for (Role r : values()) {
      if (r.wire().equals(value)) {
        return r;
      }
    }
    throw ApiException.badRequest(
        field, field + " must be 'user' or 'worker', not '" + value + "'");
  }
}
