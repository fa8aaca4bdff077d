package dev.sweep.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.HeadlessChromium;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard for a sweep with {@code validation_size: 0}: no validation metric exists, so the
 * pages show "–" where one would be and draw no val lines, rather than zeros.
 */
@ApiIntegrationTest
class NoValidationDashboardTest {
  static HeadlessChromium chromium;
  static WebDriver browser;

  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;
  long sweepId;
  long trialId;

  @BeforeAll
  static void launch() throws Exception {
    chromium = new HeadlessChromium();
    browser = chromium.browser();
  }

  @AfterAll
  static void quit() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void seed() {
    browser.get("about:blank");
    browser.manage().logs().get(LogType.BROWSER);
    TestDatabase.reset(jdbc);
    ResultsFixture fx = new ResultsFixture(jdbc);
    sweepId =
        fx.sweep("all-60k")
            .metric("train_accuracy", "maximize")
            .values("learning_rate", 0.001)
            .counts(1, 1, 2, 2)
            .insert();
    long job = fx.job(sweepId, Map.of("learning_rate", 0.001), 2, "SUCCEEDED");
    fx.epochs(job, 2, e -> new ResultsFixture.Point(0.6 / e, 0.7 + 0.05 * e, null, null));
    trialId = fx.trial(sweepId, job, Map.of("learning_rate", 0.001), 2, "SUCCEEDED");
    fx.testMetrics(trialId, 0.45, 0.79);
  }

  @Test
  void trialPageShowsDashesForValidationAndDrawsOnlyTrainCurves() {
    open("/trials/" + trialId);
    waiting().until(d -> rows("#epochs tbody tr") == 2);
    waiting().until(d -> seriesNames().size() == 2);

    assertThat(seriesNames()).containsExactly("train loss", "train accuracy");
    assertThat(text("#finals")).contains("validation – –", "train 0.3000 0.8000");
    assertThat(text("#epochs tbody tr")).contains("1 0.6000 0.7500 – –");
    assertThat(text("body")).doesNotContain("NaN");
    noScriptErrors();
  }

  @Test
  void sweepLeaderboardRanksByTheTrainMetricWithDashesForValColumns() {
    open("/sweeps/" + sweepId);
    waiting().until(d -> rows("#leaderboard tbody tr") == 1);

    assertThat(text("#leaderboard-metric")).isEqualTo("by train_accuracy");
    assertThat(text("#leaderboard tbody tr")).contains("0.8000 – – 0.7900");
    assertThat(text("body")).doesNotContain("NaN");
    noScriptErrors();
  }

  private void open(String path) {
    browser.get("http://localhost:" + port + path);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  private int rows(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  @SuppressWarnings("unchecked")
  private List<String> seriesNames() {
    Object names =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const c = echarts.getInstanceByDom(document.getElementById('curves'));"
                    + " return c ? c.getOption().series.map((s) => s.name) : [];");
    return (List<String>) names;
  }

  private void noScriptErrors() {
    assertThat(
            browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList())
        .as("browser console errors")
        .isEmpty();
  }
}
