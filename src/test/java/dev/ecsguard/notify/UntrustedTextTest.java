package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each construct a definition could use to speak for ecs-guard, for each place its text is shown. */
class UntrustedTextTest {

  private static final String ATTACK = "app<!channel>[click](https://evil.example)";

  @Test
  void theIssuesExampleIsInertButReadableInSlack() {
    assertEquals("app&lt;!channel&gt;\\[click\\](hxxps\\[:\\]//evil.example)", UntrustedText.forSlack(ATTACK));
  }

  @Test
  void theIssuesExampleIsInertButReadableAsText() {
    assertEquals("app\\u003C!channel>[click](hxxps[:]//evil.example)", UntrustedText.forText(ATTACK));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<!channel>", "<!here>", "<!everyone>", "<@U024BE7LH>", "<#C024BE7LR|general>",
      "<!subteam^SAZ94GDB8|team>", "<http://evil.example|click here>", "<https://evil.example>",
      "<mailto:a@evil.example|mail>", "<!date^1392734382^{date}|x>"})
  void noSlackMentionOrLinkSurvives(String construct) {
    String slack = UntrustedText.forSlack("x" + construct + "y");
    String text = UntrustedText.forText("x" + construct + "y");

    assertFalse(slack.contains("<") || slack.contains(">"), slack);
    assertTrue(slack.startsWith("x&lt;") && slack.endsWith("&gt;y"), slack);
    assertFalse(text.contains(construct.substring(0, 2)), "the opening is broken in plain text too: " + text);
    assertTrue(text.startsWith("x\\u003C"), text);
  }

  @Test
  void anAmpersandIsEscapedSoThatAnEntityCannotSmuggleABracket() {
    assertEquals("a&amp;lt;!here&amp;gt;", UntrustedText.forSlack("a&lt;!here&gt;"));
  }

  @Test
  void aPlaceholderInAngleBracketsStaysAsItIsInText() {
    assertEquals("arn:aws:secretsmanager:<region>:<account>:secret:<name>",
        UntrustedText.forText("arn:aws:secretsmanager:<region>:<account>:secret:<name>"));
    assertEquals("secret:&lt;name&gt;", UntrustedText.forSlack("secret:<name>"), "Slack still gets entities");
  }

  @Test
  void markdownLinksAndImagesAreDefused() {
    String slack = UntrustedText.forSlack("[docs](https://evil.example) ![img](http://evil.example/x.png)");

    assertEquals("\\[docs\\](hxxps\\[:\\]//evil.example) !\\[img\\](hxxp\\[:\\]//evil.example/x.png)", slack);
    assertFalse(slack.contains("](http"), slack);
  }

  @Test
  void bareUrlsAreDefangedEverywhere() {
    assertEquals("see hxxps[:]//evil.example/login and ftp[:]//files.example",
        UntrustedText.forText("see https://evil.example/login and ftp://files.example"));
    assertEquals("hxxp[:]//x.example", UntrustedText.forText("HTTP://x.example"));
    assertEquals("hxxps\\[:\\]//evil.example", UntrustedText.forSlack("https://evil.example"));
  }

  @Test
  void backticksAndEmphasisAreEscapedForSlack() {
    assertEquals("\\`code\\` \\*bold\\* \\_it\\_ \\~strike\\~ a\\|b \\\\",
        UntrustedText.forSlack("`code` *bold* _it_ ~strike~ a|b \\"));
  }

  @Test
  void snakeCaseStaysReadableInSlack() {
    assertEquals("AWS_SECRET_ACCESS_KEY", UntrustedText.forSlack("AWS_SECRET_ACCESS_KEY"));
    assertEquals("\\_PRIVATE", UntrustedText.forSlack("_PRIVATE"), "a leading underscore could open emphasis");
  }

  @Test
  void ordinaryNamesAreUnchanged() {
    for (String name : new String[] {"legacy-worker:3", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2.0",
        "/ecs/legacy-worker", "arn:aws:sts::123456789012:assumed-role/DeployRole/jane.doe", "café-Ünïcode",
        "container \"proxy\" sets user \"0\", which is root (see linuxParameters)"}) {
      assertEquals(name, UntrustedText.forText(name));
      assertEquals(name, UntrustedText.forSlack(name));
      assertEquals(name, UntrustedText.forSlackCode(name));
    }
  }

  @Test
  void terminalControlSequencesAreShownNotObeyed() {
    assertEquals("\\u001B[2J\\u001B]0;pwned\\u0007x", UntrustedText.forText("\u001b[2J\u001b]0;pwned\u0007x"));
    assertEquals("\\u009B31m", UntrustedText.forText("\u009b31m"), "C1 CSI");
    assertEquals("a\\u000Ab\\u000Dc\\u0009d\\u0000e\\u007Ff", UntrustedText.forText("a\nb\rc\td\u0000e\u007ff"),
        "a newline in a value is not ours: escaped");
    assertEquals("\\u0085\\u2028\\u2029", UntrustedText.forText("\u0085\u2028\u2029"), "other line breaks");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
      0x061C})
  void bidiControlsAreShownAsEscapes(int bidi) {
    String hidden = "evil" + Character.toString(bidi) + "exe.txt";
    String expected = String.format("evil\\u%04Xexe.txt", bidi);

    assertEquals(expected, UntrustedText.forText(hidden));
    assertEquals(expected, UntrustedText.forSlack(hidden));
    assertEquals(expected, UntrustedText.forSlackCode(hidden));
  }

  @ParameterizedTest
  @ValueSource(ints = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x3164})
  void zeroWidthAndOtherInvisibleCharactersAreShownAsEscapes(int invisible) {
    assertEquals(String.format("a\\u%04Xb", invisible), UntrustedText.forText("a" + Character.toString(invisible) + "b"));
  }

  @Test
  void charactersBeyondTheBmpAreEscapedWhole() {
    assertEquals("a\\u{E0041}b", UntrustedText.forText("a" + Character.toString(0xE0041) + "b"), "a tag character");
    assertEquals("x\\uD800y", UntrustedText.forText("x\uD800y"), "a lone surrogate");
    assertEquals("ok \uD83D\uDE80", UntrustedText.forText("ok \uD83D\uDE80"), "an emoji is visible: kept");
  }

  @Test
  void theSubjectIsPrintableAsciiOnOneLine() {
    String subject = UntrustedText.forSubject("café\n<!here>\u202Ex");

    assertEquals("caf\\u00E9\\u000A\\u003C!here>\\u202Ex", subject);
    assertTrue(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7F), subject);
  }

  @Test
  void insideACodeSpanOnlyWhatCouldEndItOrPingIsEscaped() {
    assertEquals("a\\u0060b &lt;!here&gt; [x](y) *z*", UntrustedText.forSlackCode("a`b <!here> [x](y) *z*"));
  }

  @Test
  void theJsonFormsEscapeInvisibleCharactersButReadBackExact() throws Exception {
    String value = "a\u007f\u0085\u001b[2J\u202E\u200B" + Character.toString(0xE0041) + "é\uD83D\uDE80b";
    ObjectNode node = Json.MAPPER.createObjectNode().put("name", value);

    for (String written : new String[] {JsonReport.writeCompact(node), JsonReport.writePretty(node)}) {
      // Pretty-printing's own line breaks are structural: they are not in the value.
      assertTrue(written.chars().noneMatch(c -> c != '\n' && (UntrustedText.isInvisible(c) || c == 0x7F)), written);
      assertEquals(value, Json.MAPPER.readTree(written).path("name").asText(), "exact for machines");
    }
    assertTrue(JsonReport.writeCompact(node).contains("\\u202E"), "escaped, not dropped");
  }

  @Test
  void nothingIsNothing() {
    assertNull(UntrustedText.forText(null));
    assertNull(UntrustedText.forSubject(null));
    assertNull(UntrustedText.forSlack(null));
    assertNull(UntrustedText.forSlackCode(null));
  }
}
