package dev.ecsguard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.cli.RulesCommand;
import dev.ecsguard.rule.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's promises: it stays a front door, its commands are the ones CI and users run, and the rule catalog
 * it links to (docs/rules.md) is the generated one.
 */
class ReadmeTest {

  private static final String BEGIN = "<!-- rules:begin (generated: ecs-guard rules --format markdown) -->\n";
  private static final String END = "<!-- rules:end -->";

  /** About 15 KB: what ecs-guard is, the two commands, CI, deploy, enforce, exempt, configure, links. */
  private static final long FRONT_DOOR_BYTES = 15 * 1024;

  private static String readme() throws IOException {
    return Files.readString(Path.of("README.md"));
  }

  /** The first command in the sh block under a heading. */
  private static String firstCommandUnder(String readme, String heading) {
    Matcher m = Pattern.compile(Pattern.quote(heading) + "\\n[\\s\\S]*?```sh\\n(.*)\\n").matcher(readme);
    assertTrue(m.find(), "README has a sh block under " + heading);
    return m.group(1).trim();
  }

  @Test
  void ciRunsTheReadmeTestCommandExactly() throws IOException {
    String testCommand = firstCommandUnder(readme(), "## Run the tests");
    List<String> ciLines = Files.readAllLines(Path.of(".ci/run"));
    assertTrue(ciLines.contains(testCommand), ".ci/run runs `" + testCommand + "`");
  }

  @Test
  void theMainCommandUsesASampleThatExists() throws IOException {
    String command = firstCommandUnder(readme(), "## Try it (no AWS account needed)");
    Matcher event = Pattern.compile("(events/\\S+\\.json)").matcher(command);
    assertTrue(event.find(), command);
    assertTrue(Files.isRegularFile(Path.of(event.group(1))), event.group(1));
    assertTrue(command.contains("java -jar target/ecs-guard.jar invoke"), command);
  }

  @Test
  void theReadmeStaysAFrontDoor() throws IOException {
    long size = Files.size(Path.of("README.md"));
    assertTrue(size <= FRONT_DOOR_BYTES, "README.md is " + size + " bytes; reference material belongs in docs/");
  }

  @Test
  void theRulesTableIsTheGeneratedOne() throws IOException {
    String rules = Files.readString(Path.of("docs/rules.md"));
    int begin = rules.indexOf(BEGIN);
    int end = rules.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "docs/rules.md has the generated rules block");
    String table = rules.substring(begin + BEGIN.length(), end);
    assertEquals(RulesCommand.markdown(Catalog.standard()), table, "regenerate with: scripts/update-rules-doc.sh");
  }
}
