package dev.sweep.api.sweep;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;

/** Turns Jackson's binding errors for definition blocks into a detail that names the field. */
final class Binding {
  private Binding() {}

  /** The path of the offending field under {@code path}. */
  static String field(IOException e, String path) {
    StringBuilder out = new StringBuilder(path);
    if (e instanceof JsonMappingException m) {
      for (JsonMappingException.Reference ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          out.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return out.toString();
  }

  static String describe(IOException e, String path) {
    String at = field(e, path);
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '"
          + u.getPropertyName()
          + "' at "
          + at
          + "; allowed keys are "
          + String.join(
              ", ", u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
    }
    String why = e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
    int newline = why == null ? -1 : why.indexOf('\n');
    return at + " does not fit: " + (newline > 0 ? why.substring(0, newline) : why);
  }
}
