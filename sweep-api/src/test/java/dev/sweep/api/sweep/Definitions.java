package dev.sweep.api.sweep;

import dev.sweep.contract.SweepDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: definitions from text and from the repository's {@code grids/} folder. */
public final class Definitions {
  private Definitions() {}

  public static SweepDefinition yaml(String text) {
    return DefinitionReader.parse(text, true);
  }

  public static SweepDefinition json(String text) {
    return DefinitionReader.parse(text, false);
  }

  /** The repository's grids folder, found from the module directory the tests run in. */
  public static Path gridsDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("grids"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no grids/ folder above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("grids");
  }

  public static String gridText(String name) {
    try {
      return Files.readString(gridsDir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SweepDefinition grid(String name) {
    return yaml(gridText(name));
  }
}
