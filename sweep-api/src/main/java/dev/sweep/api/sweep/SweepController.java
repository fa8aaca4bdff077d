package dev.sweep.api.sweep;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.api.grid.GridPlanner;
import dev.sweep.api.grid.Plan;
import dev.sweep.api.job.JobLifecycle;
import dev.sweep.api.job.ResultCache;
import dev.sweep.api.job.SweepStatus;
import dev.sweep.api.web.ApiException;
import dev.sweep.contract.SweepDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Submitting, listing, watching and cancelling sweeps. */
@RestController
@RequestMapping("/api/sweeps")
@Tag(name = "sweeps")
class SweepController {
  private static final Logger log = LoggerFactory.getLogger(SweepController.class);
  static final String YAML = "application/yaml";
  static final int MAX_LIST = 1000;

  private final SweepCreator creator;
  private final JobLifecycle lifecycle;
  private final SweepQueries queries;
  private final SweepProperties properties;
  private final ResultCache cache;

  SweepController(
      SweepCreator creator,
      JobLifecycle lifecycle,
      SweepQueries queries,
      SweepProperties properties,
      ResultCache cache) {
    this.cache = cache;
    this.creator = creator;
    this.lifecycle = lifecycle;
    this.queries = queries;
    this.properties = properties;
  }

  @Operation(
      summary = "Submit a sweep definition (YAML or JSON)",
      description =
          "201 with the sweep and a Location header; with dryRun=true, 200 with the counts, the"
              + " folding explanation and the result-cache hits, and nothing stored.",
      // the body is read from the stream (to cap it while it arrives), so it is declared here
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              description = "a W&B-style sweep definition, at most sweep.limits.definition-body",
              content = {
                @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SweepDefinition.class)),
                @Content(
                    mediaType = YAML,
                    schema = @Schema(implementation = SweepDefinition.class)),
                @Content(mediaType = "application/x-yaml"),
                @Content(mediaType = "text/yaml"),
                @Content(mediaType = "text/x-yaml")
              }))
  @PostMapping(
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        YAML,
        "application/x-yaml",
        "text/yaml",
        "text/x-yaml"
      })
  ResponseEntity<Object> create(
      HttpServletRequest request,
      @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
      @Parameter(description = "plan only, store nothing") @RequestParam(defaultValue = "false")
          boolean dryRun) {
    long start = System.nanoTime();
    String body;
    try {
      // counted while it streams: a 300 MB body is refused after the cap, not buffered first
      body =
          DefinitionBody.read(
              request.getInputStream(),
              request.getContentLengthLong(),
              properties.limits().definitionBody().toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the definition body", e);
    }
    boolean yaml = !MediaType.parseMediaType(contentType).getSubtype().contains("json");
    SweepDefinition definition = DefinitionReader.parse(body, yaml);
    DefinitionLimits.epochs(definition, properties.limits());
    Plan plan =
        GridPlanner.plan(
            definition,
            properties.maxTrials(),
            definition.fused() ? properties.fusion().maxTrials() : 1,
            properties.search().pendingTrials());
    DefinitionLimits.models(definition, plan, properties.limits());
    if (dryRun) {
      List<ResultCache.Hit> hits =
          definition.usesCache() ? cache.lookup(DryRunView.wanted(plan)) : List.of();
      return ResponseEntity.ok(DryRunView.of(definition, plan, hits));
    }
    long planned = System.nanoTime();
    long id = creator.create(definition, body, plan);
    log.info(
        "sweep {} created: {} trials in {} jobs; planned in {} ms, stored in {} ms",
        id,
        plan.trials().size(),
        plan.jobs().size(),
        (planned - start) / 1_000_000,
        (System.nanoTime() - planned) / 1_000_000);
    return ResponseEntity.created(URI.create("/api/sweeps/" + id)).body(queries.get(id));
  }

  @Operation(summary = "Sweeps, newest first")
  @GetMapping
  List<SweepView> list(
      @Parameter(description = "only sweeps with this definition hash")
          @RequestParam(required = false)
          String definitionHash,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > MAX_LIST) {
      throw ApiException.badRequest(
          "limit", "limit must be between 1 and " + MAX_LIST + " (got " + limit + ")");
    }
    String hash = definitionHash == null || definitionHash.isBlank() ? null : definitionHash;
    return queries.list(hash, Statuses.filter(SweepStatus.class, status), limit);
  }

  @Operation(summary = "One sweep with trial counts and progress")
  @GetMapping("/{id}")
  SweepView get(@PathVariable long id) {
    return queries.get(id);
  }

  @Operation(
      summary = "Cancel a sweep",
      description =
          "Queued jobs are cancelled at once; running ones stop at their next batch. Repeating it"
              + " changes nothing.")
  @PostMapping("/{id}/cancel")
  SweepView cancel(@PathVariable long id) {
    lifecycle.cancelSweep(id);
    return queries.get(id);
  }
}
