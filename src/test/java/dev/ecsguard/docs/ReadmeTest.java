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

/** The README's promises: its commands are the ones CI and users run, and its rules table is generated. */
class ReadmeTest {

  private static final String BEGIN = "<!-- rules:begin (generated: ecs-guard rules --format markdown) -->\n";
  private static final String END = "<!-- rules:end -->";

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
  void theRulesTableIsTheGeneratedOne() throws IOException {
    String readme = readme();
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertTrue(begin >= 0 && end > begin, "README has the generated rules block");
    String table = readme.substring(begin + BEGIN.length(), end);
    assertEquals(RulesCommand.markdown(Catalog.standard()), table,
        "regenerate with: java -jar target/ecs-guard.jar rules --format markdown");
  }
}
