package dev.sweep.api.job;

import dev.sweep.contract.CheckpointRejection;
import dev.sweep.contract.WorkerPaths;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checkpoint and model bytes in and out, streamed: the request body goes straight from the socket
 * to the store while it is hashed, and a download is copied from the store to the socket.
 */
@RestController
class CheckpointController {
  private final CheckpointService checkpoints;
  private final TrialModels models;

  CheckpointController(CheckpointService checkpoints, TrialModels models) {
    this.checkpoints = checkpoints;
    this.models = models;
  }

  /**
   * 204 once stored; 400 when the body's SHA-256 differs from the header; 413 over {@code
   * sweep.checkpoints.max-bytes}; 409 when stale.
   */
  @PutMapping(WorkerPaths.CHECKPOINT)
  ResponseEntity<Void> upload(
      @PathVariable long jobId,
      @PathVariable int epoch,
      @RequestHeader(name = WorkerPaths.LEASE_TOKEN_HEADER, required = false) Long token,
      @RequestHeader(name = WorkerPaths.SHA256_HEADER, required = false) String sha256,
      HttpServletRequest request)
      throws IOException {
    checkpoints.upload(
        jobId, epoch, token, sha256, request.getContentLengthLong(), request.getInputStream());
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

  /** 204: the checkpoint is quarantined and will not be offered again. */
  @PostMapping(WorkerPaths.CHECKPOINT_REJECTION)
  ResponseEntity<Void> reject(
      @PathVariable long jobId,
      @PathVariable int epoch,
      @RequestBody CheckpointRejection rejection) {
    checkpoints.reject(jobId, epoch, rejection);
    return ResponseEntity.noContent().build();
  }

  /** The worker's model file of an epoch that ends a trial; same rules as a checkpoint. */
  @PutMapping(WorkerPaths.MODEL)
  ResponseEntity<Void> uploadModel(
      @PathVariable long jobId,
      @PathVariable int epoch,
      @RequestHeader(name = WorkerPaths.LEASE_TOKEN_HEADER, required = false) Long token,
      @RequestHeader(name = WorkerPaths.SHA256_HEADER, required = false) String sha256,
      HttpServletRequest request)
      throws IOException {
    models.upload(
        jobId, epoch, token, sha256, request.getContentLengthLong(), request.getInputStream());
    return ResponseEntity.noContent().build();
  }

  /**
   * The trial's trained network at its final epoch as a DL4J ModelSerializer zip: {@code
   * ModelSerializer.restoreMultiLayerNetwork(file)} loads it.
   */
  @Operation(
      summary =
          "A trial's trained model at its final epoch, as a DL4J ModelSerializer zip; 404 before"
              + " that epoch")
  @GetMapping("/api/trials/{trialId}/model")
  ResponseEntity<Resource> model(@PathVariable long trialId) throws IOException {
    TrialModels.Download download = models.forTrial(trialId);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .contentLength(download.sizeBytes())
        .header(WorkerPaths.EPOCH_HEADER, String.valueOf(download.epoch()))
        .header(WorkerPaths.SHA256_HEADER, download.sha256())
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("trial-" + trialId + ".zip")
                .build()
                .toString())
        .body(new InputStreamResource(download.body()));
  }
}
