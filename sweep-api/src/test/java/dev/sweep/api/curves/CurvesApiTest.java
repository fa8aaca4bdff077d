package dev.sweep.api.curves;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.DemoSweep;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.w3c.dom.Document;

@ApiIntegrationTest
class CurvesApiTest {
  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate http;
  DemoSweep demo;

  @BeforeEach
  void seed() {
    TestDatabase.reset(jdbc);
    demo = DemoSweep.insert(new ResultsFixture(jdbc));
  }

  BufferedImage png(String path) throws Exception {
    ResponseEntity<byte[]> r = http.getForEntity(path, byte[].class);
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    assertThat(r.getHeaders().getContentType().toString()).isEqualTo("image/png");
    // kept for a human look at what the charts render like
    Files.write(
        Files.createDirectories(Path.of("target", "charts"))
            .resolve(path.replaceAll("[^A-Za-z0-9.]+", "_") + ".png"),
        r.getBody());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.getBody()));
    assertThat(image).as("decodes as PNG").isNotNull();
    return image;
  }

  /** A rendered chart has lines and text in several colours; a blank canvas would not. */
  static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  @Test
  void trialPngHasTheDefaultAndRequestedSize() throws Exception {
    BufferedImage image = png("/api/trials/" + demo.bestTrialId() + "/curves.png");
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(image.getHeight()).isEqualTo(640);
    assertThat(colours(image)).isGreaterThan(20);

    BufferedImage small =
        png("/api/trials/" + demo.bestTrialId() + "/curves.png?width=400&height=300");
    assertThat(small.getWidth()).isEqualTo(400);
    assertThat(small.getHeight()).isEqualTo(300);
  }

  @Test
  void trialSvgParsesAndCarriesAxisAndLegendLabels() throws Exception {
    ResponseEntity<byte[]> r =
        http.getForEntity("/api/trials/" + demo.bestTrialId() + "/curves.svg", byte[].class);
    assertThat(r.getStatusCode().value()).isEqualTo(200);
    assertThat(r.getHeaders().getContentType().toString()).isEqualTo("image/svg+xml");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    // the document names the SVG DTD; a parser need not fetch it
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(r.getBody()));
    assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(svg.getDocumentElement().getAttribute("width")).startsWith("900");
    String text = svg.getDocumentElement().getTextContent();
    assertThat(text)
        .contains("Epoch", "Loss", "Accuracy", "train loss", "val loss", "train accuracy")
        .contains("val accuracy", "Trial " + demo.bestTrialId());
  }

  @Test
  void sweepOverlayListsTheTopTrialsInItsLegend() throws Exception {
    BufferedImage image = png("/api/sweeps/" + demo.sweepId() + "/curves.png?top=5");
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(colours(image)).isGreaterThan(20);

    ResponseEntity<String> svg =
        http.getForEntity("/api/sweeps/" + demo.sweepId() + "/curves.svg?top=3", String.class);
    assertThat(svg.getBody())
        .contains(
            "#1 trial " + demo.bestTrialId(),
            "+3 sharing the run",
            "#3 trial",
            "Val loss",
            "Val accuracy")
        .doesNotContain("#4 trial");
  }

  @Test
  void unknownIdsAre404AndBadSizesAre400() {
    assertThat(
            http.getForEntity("/api/trials/99999/curves.png", String.class).getStatusCode().value())
        .isEqualTo(404);
    assertThat(
            http.getForEntity("/api/sweeps/99999/curves.png", String.class).getStatusCode().value())
        .isEqualTo(404);
    ResponseEntity<String> bad =
        http.getForEntity("/api/sweeps/" + demo.sweepId() + "/curves.png?top=0", String.class);
    assertThat(bad.getStatusCode().value()).isEqualTo(400);
    assertThat(bad.getBody()).contains("\"field\":\"top\"");
  }
}
