package dev.sweep.api.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every statement on {@code api_token}. Secrets never get here, only their SHA-256. */
@Component
class TokenStore {
  static final String SOURCE_API = "api";
  static final String SOURCE_BOOTSTRAP = "bootstrap";

  /**
   * last_used_at is a hint for people, not an audit log: refreshing it on every call would cost a
   * write per request.
   */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private static final String COLUMNS =
      "id, role, name, hint, source, created_by, created_at, last_used_at, revoked_at";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  TokenStore(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  ApiToken insert(
      Role role, String name, byte[] sha256, String hint, String source, Long createdBy) {
    return jdbc.queryForObject(
        "INSERT INTO api_token (role, name, token_sha256, hint, source, created_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
            + COLUMNS,
        TokenStore::row,
        role.wire(),
        name,
        sha256,
        hint,
        source,
        createdBy,
        Timestamp.from(clock.instant()));
  }

  /**
   * Stores a token unless its hash is already there (then nothing changes, whatever its state: a
   * revoked token stays revoked), and answers the row either way.
   */
  ApiToken insertIfAbsent(Role role, String name, byte[] sha256, String hint, String source) {
    jdbc.update(
        "INSERT INTO api_token (role, name, token_sha256, hint, source, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (token_sha256) DO NOTHING",
        role.wire(),
        name,
        sha256,
        hint,
        source,
        Timestamp.from(clock.instant()));
    return jdbc.queryForObject(
        "SELECT " + COLUMNS + " FROM api_token WHERE token_sha256 = ?", TokenStore::row, sha256);
  }

  Optional<ApiToken> findActive(byte[] sha256) {
    return jdbc
        .query(
            "SELECT " + COLUMNS + " FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL",
            TokenStore::row,
            sha256)
        .stream()
        .findFirst();
  }

  Optional<ApiToken> find(long id) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM api_token WHERE id = ?", TokenStore::row, id)
        .stream()
        .findFirst();
  }

  /** Active tokens first, then newest first. */
  List<ApiToken> list() {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM api_token ORDER BY revoked_at IS NOT NULL, id DESC",
        TokenStore::row);
  }

  /** Revokes once; revoking again keeps the first time. False when there is no such token. */
  boolean revoke(long id) {
    jdbc.update(
        "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        Timestamp.from(clock.instant()),
        id);
    return find(id).isPresent();
  }

  long countActive(Role role) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM api_token WHERE role = ? AND revoked_at IS NULL",
        Long.class,
        role.wire());
  }

  void touch(long id) {
    Instant now = clock.instant();
    jdbc.update(
        "UPDATE api_token SET last_used_at = ? WHERE id = ?"
            + " AND (last_used_at IS NULL OR last_used_at < ?)",
        Timestamp.from(now),
        id,
        Timestamp.from(now.minus(TOUCH_EVERY)));
  }

  private static ApiToken row(ResultSet rs, int i) throws SQLException {
    return new ApiToken(
        rs.getLong("id"),
        Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
        rs.getString("name"),
        rs.getString("hint"),
        rs.getString("source"),
        rs.getObject("created_by", Long.class),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
