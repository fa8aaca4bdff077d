package dev.sweep.api.sweep;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface TrialRepository extends JpaRepository<TrialEntity, Long> {
  Page<TrialEntity> findBySweepId(long sweepId, Pageable page);

  Page<TrialEntity> findBySweepIdAndStatus(long sweepId, String status, Pageable page);
}
