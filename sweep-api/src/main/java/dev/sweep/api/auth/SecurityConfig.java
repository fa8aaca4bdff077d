package dev.sweep.api.auth;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.POST;

import dev.sweep.api.config.SweepProperties;
import dev.sweep.contract.WorkerPaths;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Spring Security's {@code StrictHttpFirewall} (on by default) rejects requests
 * whose path is not normalised or carries {@code ;}, encoded slashes, backslashes, {@code %2e} and
 * the like, and the rules below match the same parsed, decoded path that Spring MVC routes on; a
 * path that spells a worker endpoint differently therefore either is refused outright or is the
 * worker endpoint and needs a worker token. Anything not listed needs a user token.
 *
 * <table>
 *   <tr><th>request</th><th>needs</th></tr>
 *   <tr><td>any method on /api/worker/**</td><td>worker token</td></tr>
 *   <tr><td>/api/tokens/**, POST /api/session</td><td>user token</td></tr>
 *   <tr><td>GET/HEAD /actuator/health/**, /actuator/info</td><td>nothing (probes)</td></tr>
 *   <tr><td>GET/HEAD /api/**, /actuator/** (metrics, prometheus)</td>
 *       <td>nothing with public-read (default), else user token or sign-in cookie</td></tr>
 *   <tr><td>GET/HEAD anything else (dashboard pages, scripts, Swagger UI)</td><td>nothing</td></tr>
 *   <tr><td>everything else: POST/PUT/PATCH/DELETE/OPTIONS ...</td><td>user token</td></tr>
 * </table>
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "a user token, or a worker token for /api/worker/**")
class SecurityConfig {
  private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
  private static final PathPatternRequestMatcher.Builder PATHS =
      PathPatternRequestMatcher.withDefaults();

  static final RequestMatcher WORKER_PROTOCOL = PATHS.matcher(WorkerPaths.BASE + "/**");

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http, SweepProperties props, TokenAuthenticator tokens, AuthProblems problems)
      throws Exception {
    http.csrf(
            AbstractHttpConfigurer
                ::disable) // writes need the Authorization header; see BearerTokens
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    SweepProperties.Auth auth = props.auth();
    if (!auth.enabled()) {
      log.warn(
          "sweep.auth.enabled=false: anyone who reaches this API can create and cancel sweeps,"
              + " claim jobs and report results. Use it only on a machine nobody else can reach.");
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    if (!auth.publicRead()) {
      log.info("sweep.auth.public-read=false: reads need a user token too");
    }
    AuthenticationFilter bearer =
        new AuthenticationFilter(new ProviderManager(tokens), new BearerTokens());
    bearer.setSuccessHandler(new ContinueChain());
    bearer.setFailureHandler(problems);
    // async (Server-Sent Events) and error dispatches find the result here, not in a session
    bearer.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
    http.addFilterAt(bearer, BasicAuthenticationFilter.class);

    String user = "USER";
    return http.authorizeHttpRequests(
            a -> {
              a.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
              a.requestMatchers(WORKER_PROTOCOL).hasRole("WORKER");
              a.requestMatchers(PATHS.matcher("/api/tokens/**")).hasRole(user);
              a.requestMatchers(PATHS.matcher(POST, "/api/session")).hasRole(user);
              a.requestMatchers(reads("/actuator/health/**")).permitAll();
              a.requestMatchers(reads("/actuator/info")).permitAll();
              for (String data : List.of("/api/**", "/actuator/**")) {
                var rule = a.requestMatchers(reads(data));
                if (auth.publicRead()) {
                  rule.permitAll();
                } else {
                  rule.hasRole(user);
                }
              }
              // the dashboard's static pages and Swagger UI: they hold no data, /api/** does
              a.requestMatchers(reads("/**")).permitAll();
              a.anyRequest().hasRole(user);
            })
        .build();
  }

  private static RequestMatcher[] reads(String pattern) {
    return new RequestMatcher[] {PATHS.matcher(GET, pattern), PATHS.matcher(HEAD, pattern)};
  }

  /** A checked token lets the request go on to its endpoint; there is nothing to redirect to. */
  private static final class ContinueChain implements AuthenticationSuccessHandler {
    @Override
    public void onAuthenticationSuccess(
        HttpServletRequest request,
        HttpServletResponse response,
        FilterChain chain,
        Authentication authentication)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }

    @Override
    public void onAuthenticationSuccess(
        HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
      throw new IllegalStateException("called with the filter chain only");
    }
  }
}
