package dev.sweep.api.job;

import dev.sweep.api.config.SweepProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@link JobQueueSignal#CHANNEL} with a connection of its own (outside the pool: it is
 * held for the life of the API) and wakes this instance's long-polling claims whenever any instance
 * queues jobs. After a lost connection it reconnects, and wakes the claims once, since a
 * notification may have been missed meanwhile.
 */
@Component
class QueueListener implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(QueueListener.class);
  private static final int RECEIVE_MILLIS = 1_000;
  private static final Duration RECONNECT = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final JobQueueSignal signal;
  private final SweepProperties props;
  private volatile boolean running;
  private volatile Connection connection;
  private Thread thread;

  QueueListener(DataSource dataSource, JobQueueSignal signal, SweepProperties props) {
    this.dataSource = dataSource;
    this.signal = signal;
    this.props = props;
  }

  @Override
  public synchronized void start() {
    if (!props.queue().crossInstance() || running) {
      return;
    }
    running = true;
    thread = new Thread(this::listen, "sweep-queue-listener");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      closeQuietly();
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    while (running) {
      try {
        connection = open();
        try (Statement st = connection.createStatement()) {
          st.execute("LISTEN " + JobQueueSignal.CHANNEL);
        }
        // jobs queued while this instance was not listening
        signal.wake();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] received = pg.getNotifications(RECEIVE_MILLIS);
          if (received != null && received.length > 0) {
            signal.wake();
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        log.warn("listening for queued jobs failed; reconnecting in {}", RECONNECT, e);
        closeQuietly();
        try {
          Thread.sleep(RECONNECT.toMillis());
        } catch (InterruptedException stopped) {
          return;
        }
      }
    }
    closeQuietly();
  }

  /** A connection like the pool's, but not taken from it. */
  private Connection open() throws SQLException {
    if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari) {
      return DriverManager.getConnection(
          hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
    }
    return dataSource.getConnection();
  }

  private void closeQuietly() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // it is being thrown away
      }
    }
  }
}
