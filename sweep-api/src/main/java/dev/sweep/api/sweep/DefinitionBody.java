package dev.sweep.api.sweep;

import dev.sweep.api.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * Reads a definition body under a byte cap, counting while it streams: a huge or endless body is
 * refused (413) after at most {@code max + 1} bytes, whatever its Content-Length says. The bytes
 * must be UTF-8, decoded strictly: a malformed byte is a 400, never silently replaced.
 */
final class DefinitionBody {
  static final String FIELD = "body";
  private static final int CHUNK = 8192;

  private DefinitionBody() {}

  static String read(InputStream in, long declaredLength, long max) {
    if (declaredLength > max) {
      throw tooLarge(max);
    }
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, CHUNK), max));
    byte[] chunk = new byte[CHUNK];
    try {
      long total = 0;
      for (int n; (n = in.read(chunk)) != -1; ) {
        total += n;
        if (total > max) {
          throw tooLarge(max);
        }
        bytes.write(chunk, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the definition body", e);
    }
    return decode(bytes.toByteArray());
  }

  static String decode(byte[] bytes) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return utf8.decode(in).toString();
    } catch (CharacterCodingException e) {
      // the decoder stops at the first malformed sequence
      throw ApiException.badRequest(
          FIELD,
          "the body is not valid UTF-8 (malformed byte at offset "
              + in.position()
              + "); send the definition as UTF-8");
    }
  }

  private static ApiException tooLarge(long max) {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        FIELD,
        "the definition is larger than "
            + max
            + " bytes (sweep.limits.definition-body); a grid is described by its values, not listed");
  }
}
