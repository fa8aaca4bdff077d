package dev.sweep.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.DemoSweep;
import dev.sweep.api.support.HeadlessChromium;
import dev.sweep.api.support.ResultsFixture;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestTokens;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * With private reads, a person opening the dashboard is sent to the sign-in page, a wrong token is
 * said plainly, and the user token brings them back to the page they asked for, now with its data.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "sweep.auth.public-read=false")
class SignInBrowserTest {
  static HeadlessChromium chromium;
  static WebDriver browser;

  @Autowired JdbcTemplate jdbc;
  @LocalServerPort int port;

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

  @Test
  void theDashboardAsksForAUserTokenThenShowsThePageItWasAskedFor() {
    TestDatabase.reset(jdbc);
    DemoSweep demo = DemoSweep.insert(new ResultsFixture(jdbc));
    String page = "/sweeps/" + demo.sweepId();
    WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(20));

    browser.get("http://localhost:" + port + page);
    waiting.until(
        d -> d.getCurrentUrl().contains("/login.html?next=%2Fsweeps%2F" + demo.sweepId()));

    signIn("not-a-token");
    WebElement error = browser.findElement(By.id("error"));
    waiting.until(d -> error.isDisplayed());
    assertThat(error.getText()).contains("401").contains("unknown or was revoked");

    signIn(TestTokens.USER);
    waiting.until(d -> d.getCurrentUrl().endsWith(page));
    waiting.until(d -> d.findElements(By.cssSelector("#leaderboard tbody tr")).size() >= 5);
    assertThat(browser.findElement(By.id("name")).getText()).isEqualTo("demo-grid");
    Cookie cookie = browser.manage().getCookieNamed(DashboardSession.COOKIE);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
  }

  private void signIn(String token) {
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.id("submit")).click();
  }
}
