package dev.sweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sweep.contract.idx.IdxFile;
import dev.sweep.contract.idx.IdxFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup order and the download path, against a local HTTP server (no internet here). */
class DataLocatorTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void configuredDirectoryComesFirst() throws IOException {
    Path configured = copyOfDebianFiles("configured");

    Map<FashionMnistFile, IdxFile> files =
        new DataLocator(configured, tmp.resolve("none"), null, null).locate();

    assertThat(files).hasSize(4);
    assertThat(files.get(FashionMnistFile.TRAIN_LABELS).count()).isEqualTo(60_000);
  }

  @Test
  void aConfiguredDirectoryWithACorruptFileIsAnErrorNotSkipped() throws IOException {
    Path configured = copyOfDebianFiles("corrupt");
    Files.write(
        configured.resolve("t10k-labels-idx1-ubyte.gz"),
        IdxReaderTest.gzip(IdxReaderTest.idx(2049, new int[] {10_000}, new byte[10_000])));

    assertThatThrownBy(
            () -> new DataLocator(configured, DataLocator.DEBIAN_DIR, null, null).locate())
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("t10k-labels-idx1-ubyte.gz: SHA-256 of the decompressed contents is")
        .hasMessageContaining(FashionMnistFile.TEST_LABELS.sha256());
  }

  @Test
  void downloadsIntoTheCacheVerifiesAndThenReusesIt() throws IOException {
    URI url = serve(DataLocator.DEBIAN_DIR);
    Path cache = tmp.resolve("cache");
    DataLocator locator = new DataLocator(tmp.resolve("empty"), tmp.resolve("none"), cache, url);

    FashionMnist data = locator.load();
    FashionMnist again = locator.load();

    assertThat(data.trainCount()).isEqualTo(60_000);
    assertThat(data.testCount()).isEqualTo(10_000);
    assertThat(again.testLabels()).isEqualTo(data.testLabels());
    assertThat(requests).hasSize(4); // the second load read the cache
    try (var listing = Files.list(cache)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "train-images-idx3-ubyte.gz",
              "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz",
              "t10k-labels-idx1-ubyte.gz");
    }
  }

  @Test
  void aDownloadWithTheWrongContentsIsRejectedAndNotCached() throws IOException {
    Path bad = copyOfDebianFiles("bad");
    Files.write(
        bad.resolve("train-labels-idx1-ubyte.gz"),
        IdxReaderTest.gzip(IdxReaderTest.idx(2049, new int[] {60_000}, new byte[60_000])));
    URI url = serve(bad);
    Path cache = tmp.resolve("cache");

    assertThatThrownBy(() -> new DataLocator(null, tmp.resolve("none"), cache, url).load())
        .hasMessageContaining("download from " + url.resolve("train-labels-idx1-ubyte.gz"))
        .hasMessageContaining("SHA-256");
    assertThat(Files.exists(cache.resolve("train-labels-idx1-ubyte.gz"))).isFalse();
  }

  private Path copyOfDebianFiles(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (FashionMnistFile f : FashionMnistFile.values()) {
      Files.copy(DataLocator.DEBIAN_DIR.resolve(f.gzName()), dir.resolve(f.gzName()));
    }
    return dir;
  }

  private URI serve(Path dir) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/fashion/",
        exchange -> {
          requests.add(exchange.getRequestURI().getPath());
          Path file =
              dir.resolve(exchange.getRequestURI().getPath().substring("/fashion/".length()));
          if (!Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, Files.size(file));
          try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
          }
        });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fashion/");
  }
}
