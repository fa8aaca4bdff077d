package dev.sweep.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.job.JobLifecycle;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.DemoSweep;
import dev.sweep.api.support.HeadlessChromium;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard in a real headless Chromium ({@link HeadlessChromium}), against the API and fixture
 * rows in PostgreSQL. Screenshots land in target/screenshots/ for a human look.
 */
@ApiIntegrationTest
class DashboardBrowserTest {
  static final Path SHOTS = Path.of("target", "screenshots");
  static HeadlessChromium chromium;
  static WebDriver browser;

  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;
  @Autowired dev.sweep.api.events.EventLog events;
  @Autowired JobLifecycle lifecycle;
  DemoSweep demo;
  long runningSweep;
  long runningJob;
  long runningTrial;
  long queuedTrial;

  @BeforeAll
  static void launch() throws Exception {
    chromium = new HeadlessChromium();
    browser = chromium.browser();
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void quit() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void seed() {
    // leave the previous test's page first: its live refreshes would hit the emptied tables
    browser.get("about:blank");
    browser.manage().logs().get(LogType.BROWSER);
    TestDatabase.reset(jdbc);
    ResultsFixture fx = new ResultsFixture(jdbc);
    demo = DemoSweep.insert(fx);
    runningSweep =
        fx.sweep("mixer-depth")
            .values("blocks", 1, 2)
            .status("RUNNING")
            .counts(2, 2, 10, 10)
            .insert();
    runningJob = fx.job(runningSweep, Map.of("blocks", 1), 5, "RUNNING");
    fx.epochs(
        runningJob,
        2,
        e -> new ResultsFixture.Point(0.6 / e, 0.7 + 0.05 * e, 0.7 / e, 0.68 + 0.05 * e));
    // stored QUEUED, shown RUNNING: a trial's RUNNING is derived from its job's
    runningTrial = fx.trial(runningSweep, runningJob, Map.of("blocks", 1), 5, "QUEUED");
    long queued = fx.job(runningSweep, Map.of("blocks", 2), 5, "QUEUED");
    queuedTrial = fx.trial(runningSweep, queued, Map.of("blocks", 2), 5, "QUEUED");
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  void open(String path) {
    browser.get("http://localhost:" + port + path);
  }

  int rows(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  void screenshot(String name) throws Exception {
    Path shot =
        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(SHOTS.resolve(name))).isGreaterThan(10_000);
  }

  void noScriptErrors() {
    List<LogEntry> severe =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .toList();
    assertThat(severe).as("browser console errors").isEmpty();
  }

  @Test
  void sweepListShowsEverySweepWithProgress() throws Exception {
    open("/");
    waiting().until(d -> rows("#sweeps tbody tr") == 2);
    assertThat(browser.findElement(By.cssSelector("#sweeps tbody")).getText())
        .contains("demo-grid", "mixer-depth", "SUCCEEDED", "RUNNING");
    assertThat(rows("#sweeps .progress")).isEqualTo(2);
    screenshot("sweeps.png");
    noScriptErrors();
  }

  @Test
  void sweepPageRendersLeaderboardChartsAndAnalysis() throws Exception {
    open("/sweeps/" + demo.sweepId());
    waiting().until(d -> rows("#leaderboard tbody tr") >= 5);
    waiting().until(d -> rows("#analysis tr[data-parameter]") == 4);
    waiting().until(d -> rows("#parallel canvas") > 0 && rows("#curves canvas") > 0);
    waiting()
        .until(
            d ->
                Long.valueOf(10)
                    .equals(
                        js(
                            "const c = echarts.getInstanceByDom(document.getElementById('curves'));"
                                + " return c ? c.getOption().series[1].data.length : -1;")));
    waiting().until(d -> "live".equals(browser.findElement(By.id("live")).getText()));

    String first = browser.findElement(By.cssSelector("#leaderboard tbody tr")).getText();
    assertThat(first).startsWith("1 " + demo.bestTrialId()).contains("adam", "0.001", "0.8838");
    assertThat(browser.findElement(By.cssSelector(".count.SUCCEEDED b")).getText()).isEqualTo("16");
    assertThat(
            js(
                "return echarts.getInstanceByDom(document.getElementById('parallel'))"
                    + ".getOption().series[0].data.length"))
        .isEqualTo(16L);
    assertThat(browser.findElement(By.cssSelector("#analysis tr[data-parameter=loss]")).getText())
        .contains("equivalent (folded)");
    assertThat(browser.findElement(By.id("interaction-table")).getText()).contains("adam", "sgd");
    screenshot("sweep.png");
    noScriptErrors();
  }

  /** The worker's report of epoch 3, as the control plane stores and announces it. */
  void reportEpochThree() {
    jdbc.update(
        "INSERT INTO epoch_metric (job_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy,"
            + " seconds, samples_per_second, reported_at) VALUES (?, 3, 0.2, 0.85, 0.23, 0.83, 4.4,"
            + " 11200, now())",
        runningJob);
    events.append(
        runningSweep,
        "epoch",
        Map.of(
            "jobId",
            runningJob,
            "epoch",
            3,
            "trainLoss",
            0.2,
            "trainAccuracy",
            0.85,
            "valLoss",
            0.23,
            "valAccuracy",
            0.83,
            "seconds",
            4.4,
            "samplesPerSecond",
            11200,
            "trialIds",
            List.of(runningTrial)));
  }

  long curvePoints() {
    Object n =
        js(
            "const c = echarts.getInstanceByDom(document.getElementById('curves'));"
                + " return c && c.getOption().series.length ? c.getOption().series[3].data.length : -1;");
    return ((Number) n).longValue();
  }

  @Test
  void sweepPageFollowsTheTrainingTrialLiveOverServerSentEvents() throws Exception {
    open("/sweeps/" + runningSweep);
    waiting().until(d -> "live".equals(browser.findElement(By.id("live")).getText()));
    waiting().until(d -> curvePoints() == 2);
    assertThat(browser.findElement(By.id("curves-trial")).getText())
        .isEqualTo("trial " + runningTrial);
    assertThat(browser.findElement(By.id("leaderboard-empty")).isDisplayed()).isTrue();

    reportEpochThree();
    waiting().until(d -> curvePoints() == 3);
    screenshot("sweep-running.png");
    noScriptErrors();
  }

  @Test
  void trialPageAppendsEpochsLive() throws Exception {
    open("/trials/" + runningTrial);
    waiting().until(d -> rows("#epochs tbody tr") == 2);
    waiting().until(d -> "live".equals(browser.findElement(By.id("live")).getText()));
    reportEpochThree();
    waiting().until(d -> rows("#epochs tbody tr") == 3);
    assertThat(curvePoints()).isEqualTo(3);
    noScriptErrors();
  }

  @Test
  void trialPageShowsATrialCancelledWhileWatchedAsCancelled() throws Exception {
    open("/trials/" + queuedTrial);
    waiting().until(d -> "QUEUED".equals(browser.findElement(By.id("status")).getText()));
    waiting().until(d -> "live".equals(browser.findElement(By.id("live")).getText()));

    lifecycle.cancelSweep(runningSweep);

    waiting().until(d -> "CANCELLED".equals(browser.findElement(By.id("status")).getText()));
    open("/trials/" + runningTrial);
    waiting().until(d -> "RUNNING".equals(browser.findElement(By.id("status")).getText()));
    noScriptErrors();
  }

  @Test
  void trialPageShowsParamsEpochsAndCurves() throws Exception {
    open("/trials/" + demo.bestTrialId());
    waiting().until(d -> rows("#epochs tbody tr") == 10);
    waiting().until(d -> rows("#curves canvas") > 0);
    assertThat(browser.findElement(By.id("params")).getText())
        .contains("optimizer", "adam", "learning_rate", "0.001");
    assertThat(browser.findElement(By.id("finals")).getText()).contains("test");
    screenshot("trial.png");
    noScriptErrors();
  }
}
