package dev.ecsguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds a command-line tool that ships as a Python package (cfn-lint, moto_server) and installs it with pip
 * when it is missing. Tests use it instead of being skipped: a missing tool is a failure that names the exact
 * install command.
 *
 * <p>Search order: {@code PATH}, ecs-guard's own virtual environment ({@link #venv()}), {@code ~/.local/bin}
 * (where {@code pip install --user} puts scripts on Linux), the Python user base's {@code bin}, and the pyenv shims
 * directory {@code ~/.pyenv/shims}. Each candidate is probed with {@code --help}, because a pyenv shim exists for
 * every script of every installed Python version and fails when the active version lacks the package. If nothing is
 * found, it creates the virtual environment ({@code python3 -m venv}) and installs the package into it, never into
 * the user's site: a stock Debian 12 or Ubuntu 24.04 Python refuses {@code pip install --user} (PEP 668,
 * externally managed environment).
 */
public final class PythonTools {

    private static final long PROBE_TIMEOUT_SECONDS = 60;
    private static final long INSTALL_TIMEOUT_MINUTES = 10;
    private static final Map<String, List<String>> RESOLVED = new ConcurrentHashMap<>();

    private PythonTools() {
    }

    /**
     * Returns the path of an executable {@code command}, installing {@code pipPackage} with
     * {@code python3 -m pip install --user} if necessary.
     *
     * @param command    the executable name, e.g. {@code cfn-lint} or {@code moto_server}
     * @param pipPackage the pip requirement that provides it, e.g. {@code cfn-lint} or {@code moto[server]}
     * @throws IllegalStateException if the command cannot be found or installed; the message names the
     *                               install command to run by hand
     */
    public static Path require(String command, String pipPackage) {
        List<String> resolved = resolve(command, pipPackage, null);
        return Path.of(resolved.get(0));
    }

    /**
     * Like {@link #require(String, String)} but returns a command prefix for {@link ProcessBuilder}. When no
     * script is on disk but {@code pythonModule} can be run with {@code python3 -m}, that is returned instead
     * (e.g. {@code [python3, -m, cfnlint]}).
     *
     * @param pythonModule the module to try with {@code python3 -m}, or {@code null} for none
     */
    public static List<String> command(String command, String pipPackage, String pythonModule) {
        return resolve(command, pipPackage, pythonModule);
    }

    /** The command a developer should run to install the package; used in failure messages. */
    public static String installCommand(String pipPackage) {
        return "python3 -m venv " + venv() + " && " + venv().resolve("bin").resolve("pip") + " install '"
                + pipPackage + "'";
    }

    /**
     * ecs-guard's virtual environment for its test tools: {@code $XDG_CACHE_HOME/ecs-guard/python-tools}, by default
     * {@code ~/.cache/ecs-guard/python-tools}. A cache, so that {@code mvn clean} does not download moto again.
     */
    public static Path venv() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        return base.resolve("ecs-guard").resolve("python-tools");
    }

    private static List<String> resolve(String command, String pipPackage, String pythonModule) {
        String key = command + "|" + pipPackage + "|" + pythonModule;
        return RESOLVED.computeIfAbsent(key, k -> List.copyOf(locateOrInstall(command, pipPackage, pythonModule)));
    }

    private static List<String> locateOrInstall(String command, String pipPackage, String pythonModule) {
        Optional<List<String>> found = locate(command, pythonModule);
        if (found.isPresent()) {
            return found.get();
        }
        ProcessResult install = installIntoVenv(pipPackage);
        found = locate(command, pythonModule);
        if (found.isPresent()) {
            return found.get();
        }
        throw new IllegalStateException("'" + command + "' is not installed and installing it failed. Searched PATH, "
                + String.join(", ", extraDirectories()) + ". Install it with:\n    " + installCommand(pipPackage)
                + "\n(and make sure the directory holding '" + command + "' is on PATH).\n"
                + "Output of the automatic attempt (exit " + install.exitCode() + "):\n" + install.output());
    }

    /** Creates the virtual environment if needed, then installs the package into it. */
    private static ProcessResult installIntoVenv(String pipPackage) {
        Path pip = venv().resolve("bin").resolve("pip");
        if (!Files.isExecutable(pip)) {
            ProcessResult created = run(List.of("python3", "-m", "venv", venv().toString()), PROBE_TIMEOUT_SECONDS);
            if (created.exitCode() != 0) {
                return new ProcessResult(created.exitCode(), "python3 -m venv failed (on Debian and Ubuntu, install "
                        + "the python3-venv package):\n" + created.output());
            }
        }
        return run(List.of(pip.toString(), "install", pipPackage), TimeUnit.MINUTES.toSeconds(INSTALL_TIMEOUT_MINUTES));
    }

    private static Optional<List<String>> locate(String command, String pythonModule) {
        Set<Path> candidates = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, command));
                }
            }
        }
        for (String dir : extraDirectories()) {
            candidates.add(Path.of(dir, command));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                    && works(List.of(candidate.toString()))) {
                return Optional.of(List.of(candidate.toString()));
            }
        }
        if (pythonModule != null) {
            List<String> viaModule = List.of("python3", "-m", pythonModule);
            if (works(viaModule)) {
                return Optional.of(viaModule);
            }
        }
        return Optional.empty();
    }

    private static List<String> extraDirectories() {
        String home = System.getProperty("user.home");
        List<String> dirs = new ArrayList<>();
        dirs.add(venv().resolve("bin").toString());
        dirs.add(Path.of(home, ".local", "bin").toString());
        userBaseBin().ifPresent(dir -> {
            if (!dirs.contains(dir)) {
                dirs.add(dir);
            }
        });
        dirs.add(Path.of(home, ".pyenv", "shims").toString());
        return dirs;
    }

    /** {@code site.USER_BASE/bin}: differs from ~/.local/bin on macOS framework builds. */
    private static Optional<String> userBaseBin() {
        ProcessResult result = run(List.of("python3", "-c", "import site; print(site.USER_BASE)"), PROBE_TIMEOUT_SECONDS);
        String base = result.output().strip();
        if (result.exitCode() != 0 || base.isEmpty() || base.contains("\n")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(base, "bin").toString());
    }

    private static boolean works(List<String> prefix) {
        List<String> probe = new ArrayList<>(prefix);
        probe.add("--help");
        return run(probe, PROBE_TIMEOUT_SECONDS).exitCode() == 0;
    }

    /** Exit code and combined stdout/stderr; exit code -1 if the process could not start or timed out. */
    public record ProcessResult(int exitCode, String output) {
    }

    /** Runs a command in the current working directory, merging stderr into stdout. */
    public static ProcessResult run(List<String> commandLine, long timeoutSeconds) {
        return run(commandLine, null, timeoutSeconds);
    }

    /** Runs a command in {@code directory} (or the current one if null), merging stderr into stdout. */
    public static ProcessResult run(List<String> commandLine, Path directory, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new ProcessResult(-1, "could not start " + commandLine + ": " + e.getMessage());
        }
        // Read on another thread so a chatty process cannot block on a full pipe before we time out.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (output) {
                    output.append(text);
                }
            } catch (IOException ignored) {
                // The process was killed; what was read so far is reported.
            }
        }, "python-tools-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                reader.join(TimeUnit.SECONDS.toMillis(5));
                synchronized (output) {
                    return new ProcessResult(-1, "timed out after " + timeoutSeconds + " s: " + commandLine + "\n" + output);
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ProcessResult(-1, "interrupted while running " + commandLine);
        }
        synchronized (output) {
            return new ProcessResult(process.exitValue(), output.toString());
        }
    }
}
