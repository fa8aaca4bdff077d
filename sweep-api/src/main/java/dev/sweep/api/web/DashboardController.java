package dev.sweep.api.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Readable dashboard URLs. The pages are static files (static/); their scripts read the id from the
 * path and call the public JSON API. {@code /} is Spring Boot's welcome page, index.html.
 */
@Controller
class DashboardController {

  @GetMapping("/sweeps/{id:\\d+}")
  String sweep(@PathVariable long id) {
    return "forward:/sweep.html";
  }

  @GetMapping("/trials/{id:\\d+}")
  String trial(@PathVariable long id) {
    return "forward:/trial.html";
  }
}
