package dev.sweep.api.job;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Fencing tokens for leases: 64 random bits from a {@link SecureRandom}, so a token cannot be
 * guessed from another one (a sequence let 24 blind guesses take over another worker's job).
 */
@Component
class LeaseTokens {
  private final SecureRandom random = new SecureRandom();

  long next() {
    return random.nextLong();
  }
}
