package dev.ecsguard.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced blocks of README.md and docs/*.md, each with the HTML comment on the line just above its fence, which
 * says what the block is:
 *
 * <ul>
 *   <li>{@code <!-- runnable -->} or {@code <!-- runnable exit=N -->}: shell commands that run offline, from the
 *       repository root, once the jar is packaged; each exits with N (0 unless given). {@code DocsCommandsIT}
 *       runs them.
 *   <li>{@code <!-- not-runnable: reason -->}: shell commands that need what a test does not have (an AWS account,
 *       minutes of CPU), and why.
 *   <li>{@code <!-- excerpt of the output above -->}: lines the previous runnable block prints.
 *   <li>{@code <!-- policy -->}: a policy document, validated against docs/policy.schema.json.
 * </ul>
 */
public final class DocBlocks {

  private static final Pattern COMMENT = Pattern.compile("^<!--\\s*(.*?)\\s*-->$");
  private static final Pattern RUNNABLE = Pattern.compile("runnable(?:\\s+exit=(\\d+))?");
  private static final Pattern NOT_RUNNABLE = Pattern.compile("not-runnable:\\s*\\S.*");
  static final String EXCERPT = "excerpt of the output above";
  static final String POLICY = "policy";

  private DocBlocks() {}

  /**
   * One fenced block.
   *
   * @param line the 1-based line of its opening fence
   * @param language what follows the opening fence ({@code sh}, {@code yaml}…), empty when nothing does
   * @param marker the comment on the line above the fence, without {@code <!--} and {@code -->}; empty when none
   */
  public record Block(Path file, int line, String language, String marker, String body) {

    /** The exit status a runnable block's commands must have; empty when the block is not marked runnable. */
    public Optional<Integer> expectedExit() {
      Matcher runnable = RUNNABLE.matcher(marker);
      if (!runnable.matches()) {
        return Optional.empty();
      }
      return Optional.of(runnable.group(1) == null ? 0 : Integer.parseInt(runnable.group(1)));
    }

    public boolean notRunnable() {
      return NOT_RUNNABLE.matcher(marker).matches();
    }

    public boolean isShell() {
      return List.of("sh", "bash", "shell", "console", "zsh").contains(language);
    }

    /** The commands, one per logical line: continuation lines joined, blank and comment-only lines left out. */
    public List<String> commands() {
      List<String> commands = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String text : body.lines().toList()) {
        if (text.endsWith("\\")) {
          current.append(text, 0, text.length() - 1).append(' ');
          continue;
        }
        current.append(text);
        String command = current.toString().strip();
        current.setLength(0);
        if (!command.isEmpty() && !command.startsWith("#")) {
          commands.add(command);
        }
      }
      return commands;
    }

    public String where() {
      return file + ":" + line;
    }
  }

  /** README.md, then docs/*.md by name. */
  public static List<Path> documents() {
    List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  public static List<Block> all() {
    List<Block> blocks = new ArrayList<>();
    documents().forEach(document -> blocks.addAll(in(document)));
    return blocks;
  }

  public static List<Block> in(Path document) {
    List<String> lines;
    try {
      lines = Files.readAllLines(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String fence = lines.get(i);
      if (!fence.startsWith("```")) {
        continue;
      }
      String marker = "";
      if (i > 0) {
        Matcher comment = COMMENT.matcher(lines.get(i - 1).strip());
        marker = comment.matches() ? comment.group(1) : "";
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).startsWith("```")) {
        end++;
      }
      blocks.add(new Block(document, i + 1, fence.substring(3).strip(), marker,
          String.join("\n", lines.subList(i + 1, Math.min(end, lines.size())))));
      i = end;
    }
    return blocks;
  }
}
