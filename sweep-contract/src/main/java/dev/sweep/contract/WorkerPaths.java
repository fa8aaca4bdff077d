package dev.sweep.contract;

/** The worker protocol's HTTP paths, shared so the API and the client cannot drift apart. */
public final class WorkerPaths {
  public static final String BASE = "/api/worker";
  public static final String REGISTER = BASE + "/register";

  /**
   * POST {@link ClaimRequest}; 200 with a {@link JobAssignment}, or 204 when the queue is empty.
   */
  public static final String CLAIM = BASE + "/claim";

  /**
   * POST {@link ClaimRequest}; 200 with a {@link GroupAssignment} (the next job and up to {@code
   * maxJobs - 1} more of its fusion group), or 204 when the queue is empty.
   */
  public static final String CLAIM_GROUP = BASE + "/claim-group";

  /**
   * POST {@link WorkerLeave} when the worker stops, its slots ended: its claims still waiting on
   * the API, and later ones, answer empty, and the jobs leased to it that it never confirmed (no
   * heartbeat or epoch report) are queued again at once, not after a lease duration; 204. {@link
   * #REGISTER} with the same id lifts it.
   */
  public static final String LEAVE = BASE + "/leave";

  public static final String JOB = BASE + "/jobs/{jobId}";
  public static final String HEARTBEAT = JOB + "/heartbeat";
  public static final String EPOCHS = JOB + "/epochs";
  public static final String COMPLETE = JOB + "/complete";
  public static final String FAIL = JOB + "/fail";
  public static final String RELEASE = JOB + "/release";

  /**
   * PUT the checkpoint bytes of an epoch (application/octet-stream) with the headers {@link
   * #LEASE_TOKEN_HEADER} and {@link #SHA256_HEADER}; GET {@code .../checkpoints/latest} returns the
   * newest one with {@link #EPOCH_HEADER} and {@link #SHA256_HEADER}, or 404 when there is none.
   */
  public static final String CHECKPOINT = JOB + "/checkpoints/{epoch}";

  public static final String LATEST_CHECKPOINT = JOB + "/checkpoints/latest";

  /**
   * POST a {@link CheckpointRejection}: the checkpoint of that epoch which the worker was given
   * could not be restored; the API quarantines it and never offers it again (204).
   */
  public static final String CHECKPOINT_REJECTION = JOB + "/checkpoints/{epoch}/rejection";

  /**
   * PUT the DL4J ModelSerializer zip of the network after an epoch that ends a trial, with the same
   * headers as a checkpoint; {@code GET /api/trials/{id}/model} serves it.
   */
  public static final String MODEL = JOB + "/models/{epoch}";

  public static final String LEASE_TOKEN_HEADER = "X-Lease-Token";
  public static final String SHA256_HEADER = "X-Checkpoint-Sha256";
  public static final String EPOCH_HEADER = "X-Checkpoint-Epoch";

  /** Optional shared secret; when the API is configured with one, workers send it as a bearer. */
  public static final String AUTHORIZATION_HEADER = "Authorization";

  private WorkerPaths() {}
}
