package dev.ecsguard.rule.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguard.model.ContainerDefinition;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskSize;
import dev.ecsguard.rule.Configurable;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Parameters;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import dev.ecsguard.rule.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory too small for what runs in it. Each container has a floor: {@code runtimeFloorMiB} (default 512) when its
 * image is a JVM, Node.js or Python runtime, {@code defaultFloorMiB} (default 128) otherwise. Reported:
 *
 * <ul>
 *   <li>a container's hard {@code memory} below its floor, at its {@code memory};
 *   <li>task-level {@code memory} below the largest floor of its containers, at {@code /memory};
 *   <li>task-level {@code cpu} below {@code cpuFloorUnits}, when that parameter is set (default 0, off).
 * </ul>
 *
 * A {@code memoryReservation} alone is a soft limit the container can grow past, so it is not held to a floor.
 * Memory below the 6 MiB Docker requires (the container cannot start at all) is memory-meets-docker-minimum's
 * concern, a baseline one; a container that low is also below its floor here. The runtime is detected from the image's last path component: {@code openjdk}, {@code eclipse-temurin},
 * {@code amazoncorretto}, {@code ibm-semeru-runtimes}, {@code sapmachine}, {@code java}, {@code node},
 * {@code nodejs}, {@code python}, {@code pypy}, optionally followed by a version and a distroless {@code -debianNN}
 * suffix ({@code gcr.io/distroless/java17-debian12}); names that merely start with one ({@code node-exporter}) are
 * not runtimes.
 */
@RuleInfo(
    id = "minimum-resources",
    profile = Profile.RESTRICTED,
    title = "Task or container memory is below a sensible floor",
    severity = Severity.LOW,
    mistake = 7,
    rationale = "JVM, Node.js and Python services need a few hundred MiB before they serve a request: heap, JIT, "
        + "loaded modules. With less, they are killed for running out of memory at start or under the first load, "
        + "and the service restarts in a loop that looks like an application bug.",
    remediation = "Give the container (memory) and the task (memory) at least the floor, 512 MiB for JVM, Node.js "
        + "and Python images; measure real usage with Container Insights and size from there. Change the floors "
        + "with this rule's runtimeFloorMiB, defaultFloorMiB and cpuFloorUnits parameters.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/capacity-tasksize.html")
public final class MinimumResources implements Rule, Configurable {

  private static final String RUNTIME_FLOOR = "runtimeFloorMiB";
  private static final String DEFAULT_FLOOR = "defaultFloorMiB";
  private static final String CPU_FLOOR = "cpuFloorUnits";

  private static final Pattern RUNTIME = Pattern.compile(
      "(openjdk|eclipse-temurin|amazoncorretto|ibm-semeru-runtimes|sapmachine|java|node|nodejs|python|pypy)"
          + "[\\d.]*(?:-debian\\d+)?");

  private final int runtimeFloor;
  private final int defaultFloor;
  private final int cpuFloor;

  public MinimumResources() {
    this(512, 128, 0);
  }

  private MinimumResources(int runtimeFloor, int defaultFloor, int cpuFloor) {
    this.runtimeFloor = runtimeFloor;
    this.defaultFloor = defaultFloor;
    this.cpuFloor = cpuFloor;
  }

  @Override
  public Rule configure(JsonNode parameters) {
    JsonNode given = Parameters.object(parameters, Set.of(RUNTIME_FLOOR, DEFAULT_FLOOR, CPU_FLOOR));
    return new MinimumResources(
        Parameters.integer(given, RUNTIME_FLOOR, runtimeFloor, 0),
        Parameters.integer(given, DEFAULT_FLOOR, defaultFloor, 0),
        Parameters.integer(given, CPU_FLOOR, cpuFloor, 0));
  }

  @Override
  public JsonNode parameters() {
    ObjectNode parameters = Parameters.newObject();
    parameters.put(RUNTIME_FLOOR, runtimeFloor);
    parameters.put(DEFAULT_FLOOR, defaultFloor);
    parameters.put(CPU_FLOOR, cpuFloor);
    return parameters;
  }

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    List<Violation> violations = new ArrayList<>();
    ContainerDefinition neediest = null;
    int largestFloor = 0;
    for (ContainerDefinition container : definition.containers()) {
      Optional<String> runtime = runtime(context, container.image());
      int floor = runtime.isPresent() ? runtimeFloor : defaultFloor;
      if (floor > largestFloor) {
        largestFloor = floor;
        neediest = container;
      }
      Integer memory = container.memory();
      if (memory != null && memory < floor) {
        violations.add(Violation.inContainer(container.name(), "/containerDefinitions/" + container.index()
            + "/memory", "container \"" + container.name() + "\" has a memory limit of " + memory + " MiB, below the "
            + floor + " MiB floor for " + runtime.map(r -> "a " + r + " image").orElse("a container")));
      }
    }
    OptionalInt taskMemory = TaskSize.memoryMiB(definition.memory());
    if (taskMemory.isPresent() && neediest != null && taskMemory.getAsInt() < largestFloor) {
      violations.add(Violation.at("/memory", "the task has " + taskMemory.getAsInt() + " MiB of memory, below the "
          + largestFloor + " MiB floor for container \"" + neediest.name() + "\""
          + runtime(context, neediest.image()).map(r -> " (a " + r + " image)").orElse("")));
    }
    OptionalInt taskCpu = TaskSize.cpuUnits(definition.cpu());
    if (cpuFloor > 0 && taskCpu.isPresent() && taskCpu.getAsInt() < cpuFloor) {
      violations.add(Violation.at("/cpu", "the task has " + taskCpu.getAsInt() + " CPU units, below the floor of "
          + cpuFloor));
    }
    return violations;
  }

  /** What every match of {@link #RUNTIME} starts with. */
  private static final List<String> RUNTIME_NAMES = List.of("openjdk", "eclipse-temurin", "amazoncorretto",
      "ibm-semeru-runtimes", "sapmachine", "java", "node", "python", "pypy");

  private static boolean startsWithRuntimeName(String name) {
    for (String runtime : RUNTIME_NAMES) {
      if (name.startsWith(runtime)) {
        return true;
      }
    }
    return false;
  }

  /** "JVM", "Node.js" or "Python" when the image is one of those runtimes. */
  static Optional<String> runtime(EvaluationContext context, String image) {
    Optional<ImageReference> parsed = ImageReference.parse(context, image);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    String repository = parsed.get().repository();
    String name = repository.substring(repository.lastIndexOf('/') + 1);
    if (!startsWithRuntimeName(name)) {
      return Optional.empty(); // RUNTIME cannot match: no regex for the other images
    }
    Matcher m = RUNTIME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(switch (m.group(1)) {
      case "node", "nodejs" -> "Node.js";
      case "python", "pypy" -> "Python";
      default -> "JVM";
    });
  }
}
