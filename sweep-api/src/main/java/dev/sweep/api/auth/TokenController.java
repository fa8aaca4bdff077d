package dev.sweep.api.auth;

import dev.sweep.api.web.ApiException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issuing, listing and revoking tokens; user tokens only. The plain token is in the answer to its
 * creation and nowhere else: the API keeps only its SHA-256.
 */
@RestController
@RequestMapping(TokenController.PATH)
class TokenController {
  static final String PATH = "/api/tokens";
  static final int MAX_NAME_LENGTH = 200;

  /**
   * @param role {@code user} or {@code worker}
   * @param name what it is for, shown in lists; defaults to "&lt;role&gt; token"
   */
  record CreateToken(String role, String name) {}

  /** The one answer that carries the secret. */
  record CreatedToken(
      long id, Role role, String name, String hint, Instant createdAt, String token) {}

  private final TokenStore store;
  private final TokenAuthenticator authenticator;

  TokenController(TokenStore store, TokenAuthenticator authenticator) {
    this.store = store;
    this.authenticator = authenticator;
  }

  @PostMapping
  ResponseEntity<CreatedToken> create(
      @RequestBody(required = false) CreateToken request, Authentication caller) {
    if (request == null || request.role() == null) {
      throw ApiException.badRequest("role", "role is required: 'user' or 'worker'");
    }
    Role role = Role.fromWire(request.role(), "role");
    String name =
        request.name() == null || request.name().isBlank()
            ? role.wire() + " token"
            : request.name().strip();
    if (name.length() > MAX_NAME_LENGTH) {
      throw ApiException.badRequest(
          "name", "name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    String secret = TokenSecrets.generate(role);
    ApiToken row =
        store.insert(
            role,
            name,
            TokenSecrets.sha256(secret),
            TokenSecrets.hint(role, secret),
            TokenStore.SOURCE_API,
            caller != null && caller.getPrincipal() instanceof ApiToken t ? t.id() : null);
    return ResponseEntity.created(URI.create(PATH + "/" + row.id()))
        .body(
            new CreatedToken(
                row.id(), row.role(), row.name(), row.hint(), row.createdAt(), secret));
  }

  /** Every token, active first; never a secret. */
  @GetMapping
  List<ApiToken> list() {
    return store.list();
  }

  /** 204; revoking a revoked token again changes nothing. */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> revoke(@PathVariable long id) {
    if (!store.revoke(id)) {
      throw ApiException.notFound("token", id);
    }
    authenticator.forget(id);
    return ResponseEntity.noContent().build();
  }
}
