package dev.sweep.api.report;

import dev.sweep.api.web.ApiException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** {@code GET /api/sweeps/{id}/report}: Markdown, or HTML with {@code ?format=html}. */
@RestController
class ReportController {
  static final MediaType MARKDOWN = new MediaType("text", "markdown", StandardCharsets.UTF_8);

  private final ReportService reports;

  ReportController(ReportService reports) {
    this.reports = reports;
  }

  @GetMapping("/api/sweeps/{id}/report")
  ResponseEntity<String> report(
      @PathVariable long id,
      @RequestParam(defaultValue = "markdown") String format,
      @RequestParam(required = false) String metric) {
    boolean html =
        switch (format) {
          case "markdown", "md" -> false;
          case "html" -> true;
          default -> throw ApiException.badRequest("format", "format must be markdown or html");
        };
    String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    ReportData data = reports.gather(id, metric, base);
    String markdown = MarkdownReport.write(data);
    if (!html) {
      return ResponseEntity.ok().contentType(MARKDOWN).body(markdown);
    }
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(HtmlReport.render("Sweep report: " + data.sweep().name(), markdown));
  }
}
