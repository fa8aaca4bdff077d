package dev.sweep.api.report;

import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** The Markdown report rendered as a standalone HTML page; its image links become inline images. */
final class HtmlReport {
  private static final List<org.commonmark.Extension> EXTENSIONS =
      List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  // names come from users: raw HTML in them is shown as text, never interpreted
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).build();

  private static final String STYLE =
      """
      body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
             color: #222; line-height: 1.5; }
      h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
      table { border-collapse: collapse; margin: 1rem 0; }
      th, td { border: 1px solid #ddd; padding: .3rem .6rem; }
      th { background: #f4f4f4; }
      code { background: #f4f4f4; padding: 0 .2rem; border-radius: 3px; }
      img { max-width: 100%; border: 1px solid #eee; }
      """;

  private HtmlReport() {}

  static String render(String title, String markdown) {
    String body = RENDERER.render(PARSER.parse(markdown));
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body>\n"
        + body
        + "</body></html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
