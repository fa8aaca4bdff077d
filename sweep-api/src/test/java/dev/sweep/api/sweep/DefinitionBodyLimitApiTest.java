package dev.sweep.api.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sweep.api.support.ApiIntegrationTest;
import dev.sweep.api.support.TestDatabase;
import dev.sweep.api.support.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Definition bodies over raw sockets: the 1 MB cap holds whatever the body claims (a declared
 * length, or chunks that never end), and only valid UTF-8 is read.
 */
@ApiIntegrationTest
class DefinitionBodyLimitApiTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ObjectMapper json;

  @BeforeEach
  void reset() {
    TestDatabase.reset(jdbc);
  }

  @Test
  void aDeclaredLengthOverTheCapIs413BeforeTheBodyIsRead() throws Exception {
    String answer =
        exchange("Content-Length: " + 300L * 1024 * 1024 + "\r\n", out -> {}, new AtomicLong());

    assertProblem(answer, 413, "body", "larger than 1048576 bytes");
    assertThat(sweeps()).isZero();
  }

  @Test
  void anEndlessChunkedBodyIs413AfterTheCapNotAfterTheEnd() throws Exception {
    AtomicLong written = new AtomicLong();
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) '#'); // a YAML comment, so only the size is wrong
    String answer =
        exchange(
            "Transfer-Encoding: chunked\r\n",
            out -> {
              // 200 MB unless the API answers first; it must answer after about 1 MB
              for (int i = 0; i < 3200; i++) {
                out.write(
                    (Integer.toHexString(chunk.length) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                written.addAndGet(chunk.length);
              }
            },
            written);

    assertProblem(answer, 413, "body", "sweep.limits.definition-body");
    assertThat(sweeps()).isZero();
  }

  @Test
  void bytesThatAreNotUtf8Are400NotReplaced() throws Exception {
    byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    String answer = post(latin1);

    assertProblem(answer, 400, "body", "not valid UTF-8 (malformed byte at offset 9)");
    assertThat(sweeps()).isZero();
  }

  @Test
  void validUtf8IsKeptAsSent() throws Exception {
    byte[] utf8 =
        "name: caf\u00e9 \u2603\nparameters: {epochs: {value: 1}}\n"
            .getBytes(StandardCharsets.UTF_8);

    String answer = post(utf8);

    assertThat(answer).startsWith("HTTP/1.1 201");
    assertThat(jdbc.queryForObject("SELECT name FROM sweep", String.class))
        .isEqualTo("caf\u00e9 \u2603");
  }

  private String post(byte[] body) throws Exception {
    return exchange(
        "Content-Length: " + body.length + "\r\n", out -> out.write(body), new AtomicLong());
  }

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  /**
   * POSTs a YAML definition and reads the answer while the body is still being written (on its own
   * thread), as a client streaming a large body would.
   */
  private String exchange(String lengthHeader, Body body, AtomicLong written) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/sweeps HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + "Content-Type: application/yaml\r\nAuthorization: "
                  + TestTokens.bearer(TestTokens.USER)
                  + "\r\n"
                  + lengthHeader
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      Thread writer =
          new Thread(
              () -> {
                try {
                  body.write(out);
                  out.flush();
                } catch (IOException e) {
                  // the API answered and closed: what this test wants
                }
              });
      writer.start();
      String answer = readAnswer(socket.getInputStream());
      long sentWhenAnswered = written.get();
      socket.close();
      writer.join(60_000);
      if (written.get() > 0) {
        // the answer came long before 200 MB: the cap counted the stream
        assertThat(sentWhenAnswered).isLessThan(32L * 1024 * 1024);
      }
      return answer;
    }
  }

  /** The status line, headers and body of one answer (Connection: close ends it). */
  private static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) != -1; ) {
        bytes.write(buf, 0, n);
      }
    } catch (IOException e) {
      // a reset after the answer, because the body was not read to its end
      if (bytes.size() == 0) {
        throw e;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void assertProblem(String answer, int status, String field, String detail)
      throws IOException {
    assertThat(answer).startsWith("HTTP/1.1 " + status);
    assertThat(answer.toLowerCase()).contains("content-type: application/problem+json");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    if (answer.toLowerCase().contains("transfer-encoding: chunked")) {
      body = body.substring(body.indexOf("\r\n") + 2);
    }
    JsonNode problem = json.readTree(body.substring(0, body.lastIndexOf('}') + 1));
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("field").asText()).isEqualTo(field);
    assertThat(problem.path("detail").asText()).contains(detail);
  }

  private long sweeps() {
    return jdbc.queryForObject("SELECT count(*) FROM sweep", Long.class);
  }
}
