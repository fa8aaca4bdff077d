package dev.sweep.api.job;

import dev.sweep.contract.WorkerPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkpoint bytes in and out, streamed: the request body goes straight from the socket to the
 * store while it is hashed, and a download is copied from the store to the socket.
 */
@RestController
class CheckpointController {
  private final CheckpointService checkpoints;

  CheckpointController(CheckpointService checkpoints) {
    this.checkpoints = checkpoints;
  }

  /** 204 once stored; 400 when the body's SHA-256 differs from the header; 409 when stale. */
  @PutMapping(WorkerPaths.CHECKPOINT)
  ResponseEntity<Void> upload(
      @PathVariable long jobId,
      @PathVariable int epoch,
      @RequestHeader(name = WorkerPaths.LEASE_TOKEN_HEADER, required = false) Long token,
      @RequestHeader(name = WorkerPaths.SHA256_HEADER, required = false) String sha256,
      HttpServletRequest request)
      throws IOException {
    checkpoints.upload(jobId, epoch, token, sha256, request.getInputStream());
    return ResponseEntity.noContent().build();
  }

  @GetMapping(WorkerPaths.LATEST_CHECKPOINT)
  ResponseEntity<Resource> latest(@PathVariable long jobId) throws IOException {
    CheckpointService.Download download = checkpoints.latest(jobId);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .contentLength(download.sizeBytes())
        .header(WorkerPaths.EPOCH_HEADER, String.valueOf(download.epoch()))
        .header(WorkerPaths.SHA256_HEADER, download.sha256())
        .body(new InputStreamResource(download.body()));
  }
}
