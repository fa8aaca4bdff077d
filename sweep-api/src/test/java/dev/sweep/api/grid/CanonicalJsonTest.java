package dev.sweep.api.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void sortsKeysAndDropsNulls() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", Map.of("z", true, "y", "x"));
    map.put("c", null);

    assertThat(CanonicalJson.write(map)).isEqualTo("{\"a\":{\"y\":\"x\",\"z\":true},\"b\":1}");
  }

  @Test
  void writesEachNumberOneWay() {
    assertThat(CanonicalJson.number(0.010)).isEqualTo("0.01");
    assertThat(CanonicalJson.number(new BigDecimal("0.0100"))).isEqualTo("0.01");
    assertThat(CanonicalJson.number(5.0)).isEqualTo("5");
    assertThat(CanonicalJson.number(5L)).isEqualTo("5");
    assertThat(CanonicalJson.number(1e-5)).isEqualTo("0.00001");
    assertThat(CanonicalJson.number(1e21)).isEqualTo("1000000000000000000000");
    assertThat(CanonicalJson.number(-0.5f)).isEqualTo("-0.5");
  }

  @Test
  void rawPartsAreWrittenAsIs() {
    Map<String, Object> part = Map.of("b", 0.50, "a", "x");
    Map<String, Object> whole = new LinkedHashMap<>();
    whole.put("z", part);
    whole.put("y", List.of(1.0, "é\t"));

    String raw =
        CanonicalJson.write(Map.of("z", CanonicalJson.Raw.of(part), "y", List.of(1, "é\t")));

    assertThat(raw).isEqualTo(CanonicalJson.write(whole));
    assertThat(raw).isEqualTo("{\"y\":[1,\"é\\t\"],\"z\":{\"a\":\"x\",\"b\":0.5}}");
  }

  @Test
  void keepsListOrderAndEscapesStrings() {
    assertThat(CanonicalJson.write(Arrays.asList(2, 1, "a\"b\n", null)))
        .isEqualTo("[2,1,\"a\\\"b\\n\",null]");
  }

  @Test
  void hashesAreSha256OfTheCanonicalText() {
    assertThat(CanonicalJson.sha256(Map.of("a", 0.10)))
        .isEqualTo(CanonicalJson.sha256(Map.of("a", new BigDecimal("0.1"))))
        .isEqualTo(CanonicalJson.hex("{\"a\":0.1}"))
        .hasSize(64);
    assertThat(CanonicalJson.sha256(List.of())).isEqualTo(CanonicalJson.hex("[]"));
  }
}
