package dev.sweep.api.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing in to the dashboard when reads are not public ({@code sweep.auth.public-read=false}). Its
 * sign-in page posts the user token here in the Authorization header; the answer sets it as an
 * HttpOnly, SameSite=Strict cookie for the browser's session, which the API accepts for GET and
 * HEAD only (see {@link BearerTokens}): pages, their data and the live event stream, never a write.
 */
@RestController
class DashboardSession {
  static final String COOKIE = "sweep_token";
  static final String PATH = "/api/session";

  /** Security has already checked that the header holds a user token. */
  @PostMapping(PATH)
  ResponseEntity<Void> signIn(
      @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization, HttpServletRequest request) {
    ResponseCookie cookie =
        base(BearerTokens.fromHeader(authorization), request.isSecure()).build();
    return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
  }

  @DeleteMapping(PATH)
  ResponseEntity<Void> signOut(HttpServletRequest request) {
    ResponseCookie cookie = base("", request.isSecure()).maxAge(Duration.ZERO).build();
    return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
  }

  private static ResponseCookie.ResponseCookieBuilder base(String value, boolean secure) {
    return ResponseCookie.from(COOKIE, value)
        .httpOnly(true)
        .sameSite("Strict")
        .secure(secure)
        .path("/");
  }
}
