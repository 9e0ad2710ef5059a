package io.meshlet.route.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshlet.config.model.StringMatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StringMatcherTest {

  @ParameterizedTest(name = "{0}: prefix [{1}] suffix [{2}]")
  @CsvSource(delimiter = '|', value = {
      "/items/[0-9]+/r8|/items/|/r8",
      "^/api/v1$|/api/v1|/api/v1",
      "ab*c|a|c",
      "a+b|a|b",
      "a{2}|''|''",
      "\\d+x|''|x",
      "x\\dyz|x|yz",
      "a\\.b|a|b",
      "a\\$|a|''",
      ".*|''|''",
      "(ab)+cd|''|cd",
  })
  void literalEndsAreNecessaryForAFullMatch(String regex, String prefix, String suffix) {
    assertThat(StringMatcher.literalPrefix(regex)).isEqualTo(prefix);
    assertThat(StringMatcher.literalSuffix(regex)).isEqualTo(suffix);
  }

  @Test
  void theLiteralPrefilterNeverChangesTheResult() {
    Regexes regexes = new Regexes();
    String[] patterns = {"/items/[0-9]+/r8", "ab*c", "a|b", "(?i)/ABC", "x\\dyz", "^/v[0-9]$"};
    String[] values = {"/items/12/r8", "/items//r8", "ac", "abbbc", "a", "b", "/abc", "x1yz", "xyz", "/v1", "/v12", ""};
    for (String p : patterns) {
      StringMatcher m = StringMatcher.of(StringMatch.regex(p), false, regexes);
      for (String v : values) {
        assertThat(m.matches(v)).as(p + " ~ " + v).isEqualTo(com.google.re2j.Pattern.compile(p).matcher(v).matches());
      }
    }
  }
}
