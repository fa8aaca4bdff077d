package dev.sweep.api.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A minimal Server-Sent Events reader for tests: collects events and comment lines. */
final class SseProbe implements AutoCloseable {
  record Event(String id, String name, String data) {}

  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  volatile int status;
  volatile String contentType;
  private final HttpClient client = HttpClient.newHttpClient();
  private volatile Stream<String> lines;
  private final Thread reader;

  SseProbe(String url, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
    headers.forEach(request::header);
    HttpRequest built = request.build();
    reader =
        new Thread(
            () -> {
              try {
                HttpResponse<Stream<String>> response =
                    client.send(built, HttpResponse.BodyHandlers.ofLines());
                status = response.statusCode();
                contentType = response.headers().firstValue("Content-Type").orElse("");
                lines = response.body();
                parse(lines);
              } catch (Exception e) {
                // closed by the test, or the server went away
              }
            },
            "sse-probe");
    reader.setDaemon(true);
    reader.start();
  }

  private void parse(Stream<String> stream) {
    String[] current = new String[3];
    stream.forEach(
        line -> {
          if (line.isEmpty()) {
            if (current[2] != null) {
              events.add(new Event(current[0], current[1], current[2]));
            }
            current[0] = current[1] = current[2] = null;
          } else if (line.startsWith(":")) {
            comments.add(line.substring(1).trim());
          } else if (line.startsWith("id:")) {
            current[0] = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            current[1] = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            String data = line.substring(5).trim();
            current[2] = current[2] == null ? data : current[2] + "\n" + data;
          }
        });
  }

  List<String> ids() {
    return events.stream().map(Event::id).toList();
  }

  @Override
  public void close() {
    if (lines != null) {
      lines.close();
    }
    reader.interrupt();
  }
}
