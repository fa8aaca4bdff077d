package dev.sweep.api.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Finds the token of a request: {@code Authorization: Bearer <token>}, or, for GET and HEAD only,
 * the dashboard's sign-in cookie. Keeping the cookie to safe methods is what lets the API do
 * without CSRF tokens: a page on another site can make a browser send the cookie, but every write
 * needs the header, which it cannot add.
 */
final class BearerTokens implements AuthenticationConverter {
  static final String SCHEME = "Bearer ";

  /** Far above any real token, far below Tomcat's header limit; longer ones are not hashed. */
  static final int MAX_LENGTH = 1024;

  @Override
  public TokenAuthentication convert(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      return TokenAuthentication.unchecked(fromHeader(header));
    }
    String method = request.getMethod();
    if (("GET".equals(method) || "HEAD".equals(method)) && request.getCookies() != null) {
      for (Cookie c : request.getCookies()) {
        if (DashboardSession.COOKIE.equals(c.getName()) && !c.getValue().isBlank()) {
          return TokenAuthentication.unchecked(checked(c.getValue()));
        }
      }
    }
    return null;
  }

  /** The token of an {@code Authorization} header value; anything but a bearer is refused. */
  static String fromHeader(String header) {
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new BadCredentialsException(
          "only Authorization: Bearer <token> is accepted (the API has no passwords)");
    }
    return checked(header.substring(SCHEME.length()).strip());
  }

  private static String checked(String token) {
    if (token.isEmpty()) {
      throw new BadCredentialsException("the bearer token is empty");
    }
    if (token.length() > MAX_LENGTH) {
      throw new BadCredentialsException("the bearer token is longer than " + MAX_LENGTH);
    }
    return token;
  }
}
