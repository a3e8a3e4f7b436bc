package dev.ecsguard.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.docs.DocBlocks.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fast half of the docs test: every shell block in README.md and docs/*.md is judged, runnable or not and why,
 * so none is left to rot unseen; DocsCommandsIT runs the runnable ones against the packaged jar.
 */
class DocsCommandsTest {

  /** Markdown links: [text](target). */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  /**
   * Written on another branch of issue 15 at the same time as this test; drop it from here once it is merged.
   */
  @Test
  void everyShellBlockIsMarkedRunnableOrSaysWhyNot() {
    List<String> unjudged = new ArrayList<>();
    for (Block block : DocBlocks.all()) {
      if (!block.isShell()) {
        continue;
      }
      if (!block.language().equals("sh")) {
        unjudged.add(block.where() + ": fence shell commands as ```sh (found ```" + block.language() + ")");
      } else if (block.expectedExit().isEmpty() && !block.notRunnable()) {
        unjudged.add(block.where() + ": put <!-- runnable --> (or <!-- runnable exit=N -->) or "
            + "<!-- not-runnable: reason --> on the line above the fence");
      }
    }
    assertEquals(List.of(), unjudged);
  }

  @Test
  void markersSitOnTheBlocksTheyDescribe() {
    List<String> misplaced = new ArrayList<>();
    for (Path document : DocBlocks.documents()) {
      Block previous = null;
      for (Block block : DocBlocks.in(document)) {
        boolean judged = block.expectedExit().isPresent() || block.notRunnable();
        if (judged && !block.language().equals("sh")) {
          misplaced.add(block.where() + ": runnable markers belong on ```sh blocks");
        }
        if (block.expectedExit().isPresent() && block.commands().isEmpty()) {
          misplaced.add(block.where() + ": a runnable block without a command");
        }
        if (block.marker().equals(DocBlocks.EXCERPT)
            && (previous == null || previous.expectedExit().isEmpty() || block.isShell())) {
          misplaced.add(block.where() + ": an output excerpt follows the runnable block whose output it shows");
        }
        if (block.marker().equals(DocBlocks.POLICY) && !Set.of("yaml", "json").contains(block.language())) {
          misplaced.add(block.where() + ": a policy is a ```yaml or ```json block");
        }
        if (!block.marker().isEmpty() && !judged && !block.marker().equals(DocBlocks.EXCERPT)
            && !block.marker().equals(DocBlocks.POLICY)) {
          misplaced.add(block.where() + ": unknown marker <!-- " + block.marker() + " -->");
        }
        previous = block;
      }
    }
    assertEquals(List.of(), misplaced);
  }

  @Test
  void thereAreRunnableCommandsToRun() {
    long runnable = DocBlocks.all().stream().filter(b -> b.expectedExit().isPresent()).count();
    assertTrue(runnable >= 8, "runnable blocks found: " + runnable);
  }

  /** A cited file that is not in the repository (the README once cited two) is a broken promise. */
  @Test
  void everyRelativeLinkNamesAFileThatExists() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path document : DocBlocks.documents()) {
      String text = withoutFencedBlocks(Files.readString(document));
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1).replaceFirst("#.*$", "");
        if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
          continue; // an anchor in the same document, or a URL
        }
        Path resolved = document.toAbsolutePath().getParent().resolve(target).normalize();
        Path fromRoot = Path.of("").toAbsolutePath().relativize(resolved);
        if (!Files.exists(resolved)) {
          broken.add(document + ": " + link.group(1));
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  private static String withoutFencedBlocks(String markdown) {
    return markdown.replaceAll("(?ms)^```.*?^```", "");
  }
}
