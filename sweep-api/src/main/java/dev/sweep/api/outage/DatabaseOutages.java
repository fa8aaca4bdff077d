package dev.sweep.api.outage;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Tells an unreachable or stalled database apart from a bug, whatever layer wrapped it. */
public final class DatabaseOutages {
  private static final String CLOSED = "Connection is closed";

  private DatabaseOutages() {}

  /**
   * True for: no connection within Hikari's timeout, a connection that broke, a statement cancelled
   * by {@code statement_timeout}, a server shutting down. SQL states: class 08 (connection
   * exception), 57P0x (operator intervention: shutdown, cannot connect now) and 57014 (query
   * cancelled, which is how a statement timeout ends).
   */
  public static boolean is(Throwable e) {
    boolean viaDatabase = false; // an I/O error counts only under a database call
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof QueryTimeoutException
          || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && CLOSED.equals(sql.getMessage())) {
        // Hikari's answer to a rollback on a connection the outage broke, which then replaces
        // the original I/O error
        return true;
      }
      if (t instanceof java.io.IOException && viaDatabase) {
        return true; // the driver's socket to the database failed (EOF, reset, refused)
      }
      viaDatabase |=
          t instanceof SQLException || t instanceof org.springframework.dao.DataAccessException;
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P0") || state.equals("57014")) {
          return true;
        }
      }
    }
    return false;
  }
}
