package dev.sweep.api.auth;

import dev.sweep.api.config.SweepProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Stores the tokens an operator hands the API as {@code SWEEP_USER_TOKEN} and {@code
 * SWEEP_WORKER_TOKEN} (properties {@code sweep.user-token}, {@code sweep.worker-token}), hashed,
 * before the API takes requests. Idempotent: the same value on every restart is one row. A value
 * that was revoked stays revoked (a leaked secret must not come back with a restart); a changed
 * value adds a token and leaves the earlier one valid until it is revoked.
 */
@Component
class BootstrapTokens implements SmartInitializingSingleton {
  private static final Logger log = LoggerFactory.getLogger(BootstrapTokens.class);
  static final String USER_VARIABLE = "SWEEP_USER_TOKEN";
  static final String WORKER_VARIABLE = "SWEEP_WORKER_TOKEN";

  /** 32 random characters carry well over 128 bits; shorter operator secrets are warned about. */
  static final int RECOMMENDED_LENGTH = 32;

  private final TokenStore store;
  private final SweepProperties props;

  BootstrapTokens(TokenStore store, SweepProperties props) {
    this.store = store;
    this.props = props;
  }

  @Override
  public void afterSingletonsInstantiated() {
    String user = clean(props.userToken());
    String worker = clean(props.workerToken());
    if (user != null && user.equals(worker)) {
      throw new IllegalStateException(
          USER_VARIABLE + " and " + WORKER_VARIABLE + " are the same; a token has one role");
    }
    store(Role.USER, user, USER_VARIABLE);
    store(Role.WORKER, worker, WORKER_VARIABLE);
    if (props.auth().enabled()) {
      warnIfNone(Role.USER, USER_VARIABLE, "create or cancel sweeps");
      warnIfNone(Role.WORKER, WORKER_VARIABLE, "claim jobs");
    }
  }

  private void store(Role role, String secret, String variable) {
    if (secret == null) {
      return;
    }
    if (secret.length() < RECOMMENDED_LENGTH) {
      log.warn(
          "{} is only {} characters; use {} or more random ones (for example: openssl rand -hex 32)",
          variable,
          secret.length(),
          RECOMMENDED_LENGTH);
    }
    ApiToken row =
        store.insertIfAbsent(
            role, variable, TokenSecrets.sha256(secret), variable, TokenStore.SOURCE_BOOTSTRAP);
    if (row.role() != role) {
      throw new IllegalStateException(
          variable
              + " is already stored as a "
              + row.role().wire()
              + " token; a token has one role");
    }
    if (!row.active()) {
      log.error(
          "{} was revoked at {} (token {}); it is not accepted. Set a new value.",
          variable,
          row.revokedAt(),
          row.id());
    } else {
      log.info("{} is accepted as {} token {}", variable, role.wire(), row.id());
    }
  }

  private void warnIfNone(Role role, String variable, String what) {
    if (store.countActive(role) == 0) {
      log.warn(
          "no {} token exists, so nobody can {}: set {} (or create one with a user token:"
              + " sweep token create --role {})",
          role.wire(),
          what,
          variable,
          role.wire());
    }
  }

  /** Secrets often come from files with a trailing newline; blank means not set. */
  static String clean(String secret) {
    return secret == null || secret.isBlank() ? null : secret.strip();
  }
}
