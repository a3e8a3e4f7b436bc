package dev.ecsguard.input;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the arguments of {@code lint} name: files, {@code -} for standard input, directories (searched recursively
 * for {@code .json}, {@code .yaml}, {@code .yml} and {@code .template} files, hidden directories and
 * {@code node_modules} left out) and globs ({@code 'infra/**}{@code /*.yaml'}, for shells that do not expand them).
 * Files are listed in name order, so a run prints the same every time.
 */
public final class InputFiles {

  /** The extensions a directory scan reads. */
  private static final List<String> EXTENSIONS = List.of(".json", ".yaml", ".yml", ".template");

  /** A bound on a scan, far above any repository's templates. */
  static final int MAX_FILES = 10_000;

  private static final Path CURRENT = Path.of(".");

  private InputFiles() {}

  /** One argument's files, or an error naming it: no such file, a glob matching nothing. */
  public static List<InputFile> expand(String argument) throws InputException {
    Path path = Path.of(argument);
    if (path.equals(InputFile.STDIN)) {
      return List.of(new InputFile(path, true));
    }
    if (Files.isDirectory(path)) {
      return scan(path, null, argument);
    }
    if (Files.exists(path) || !isGlob(argument)) {
      return List.of(new InputFile(path, true));
    }
    Path base = globBase(argument);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + argument);
    List<InputFile> files = Files.isDirectory(base) ? scan(base, matcher, argument) : List.of();
    if (files.isEmpty()) {
      throw new InputException(argument + ": no file matches");
    }
    return files;
  }

  private static List<InputFile> scan(Path root, PathMatcher glob, String argument) throws InputException {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
          return !directory.equals(root) && isHiddenOrVendored(directory)
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          Path shown = root.equals(CURRENT) ? file.normalize() : file;
          if (attributes.isRegularFile() && (glob != null ? glob.matches(shown) : hasLintExtension(file))) {
            found.add(shown);
          }
          return found.size() > MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // an unreadable entry (a dangling link) is not the user's definition
        }
      });
    } catch (IOException e) {
      throw new InputException(argument + ": cannot be searched (" + e.getClass().getSimpleName() + ")");
    }
    if (found.size() > MAX_FILES) {
      throw new InputException(argument + ": more than " + MAX_FILES + " files; name fewer");
    }
    return found.stream().sorted().map(file -> new InputFile(file, false)).toList();
  }

  static boolean hasLintExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** {@code .git}, {@code .terraform}, {@code node_modules}: not the user's definitions. */
  private static boolean isHiddenOrVendored(Path directory) {
    Path last = directory.getFileName();
    String name = last == null ? "" : last.toString();
    return name.startsWith(".") && !name.equals(".") && !name.equals("..") || name.equals("node_modules");
  }

  private static boolean isGlob(String argument) {
    return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** The directory before the first glob character: where the search starts. */
  private static Path globBase(String argument) {
    int first = 0;
    while (first < argument.length() && "*?[{".indexOf(argument.charAt(first)) < 0) {
      first++;
    }
    int slash = argument.lastIndexOf('/', first);
    return slash < 0 ? CURRENT : Path.of(argument.substring(0, slash == 0 ? 1 : slash));
  }
}
