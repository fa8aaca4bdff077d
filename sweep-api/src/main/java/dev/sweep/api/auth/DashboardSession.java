package dev.sweep.api.auth;

import dev.sweep.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
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
    ResponseCookie cookie;
    try {
      // no Max-Age: the browser forgets it when it closes
      cookie =
          ResponseCookie.from(COOKIE, BearerTokens.fromHeader(authorization))
              .httpOnly(true)
              .sameSite("Strict")
              .secure(request.isSecure())
              .path("/")
              .build();
    } catch (IllegalArgumentException e) {
      // an operator's SWEEP_USER_TOKEN may hold characters a cookie cannot (space, ; or ")
      throw ApiException.badRequest(
          "Authorization",
          "this token cannot be kept in a cookie; sign in with one made by"
              + " sweep token create --role user");
    }
    return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
  }
}
