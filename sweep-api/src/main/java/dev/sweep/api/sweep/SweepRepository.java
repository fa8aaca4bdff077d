package dev.sweep.api.sweep;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SweepRepository extends JpaRepository<SweepEntity, Long> {

  /** Newest first; a null filter matches everything. */
  @Query(
      "select s from SweepEntity s"
          + " where (:hash is null or s.definitionHash = :hash)"
          + " and (:status is null or s.status = :status)"
          + " order by s.id desc")
  List<SweepEntity> search(
      @Param("hash") String definitionHash, @Param("status") String status, Limit limit);
}
