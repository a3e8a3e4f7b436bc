package dev.ecsguard.rule.resources;

import dev.ecsguard.model.Placeholders;
import dev.ecsguard.model.RunRequest;
import dev.ecsguard.model.TaskDefinition;
import dev.ecsguard.model.TaskSize;
import dev.ecsguard.rule.EvaluationContext;
import dev.ecsguard.rule.Profile;
import dev.ecsguard.rule.Rule;
import dev.ecsguard.rule.RuleInfo;
import dev.ecsguard.rule.Severity;
import dev.ecsguard.rule.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A Fargate task's cpu/memory pair is not one Fargate accepts (anchors-rules.md §(d)). Both values must be
 * present and readable ({@code "1 vCPU"}, {@code "2GB"} are read by {@link TaskSize}). 8192 and 16384 CPU units
 * need Linux; Windows needs at least 1024 units and offers only 1024, 2048 and 4096. When a RunTask overrides
 * cpu or memory, the effective pair (override, else the definition's value) is checked too and reported at
 * {@code /overrides/cpu} or {@code /overrides/memory}.
 */
@RuleInfo(
    id = "fargate-cpu-memory-valid",
    profile = Profile.BASELINE,
    title = "Fargate task CPU and memory are not a valid combination",
    severity = Severity.HIGH,
    mistake = 7,
    rationale = "Fargate sells capacity only in fixed CPU/memory pairs: 256 CPU units allow 512-2048 MiB, 1024 "
        + "units 2-8 GiB, 16384 units 32-120 GiB in 8 GiB steps, and so on. Any other pair is rejected at "
        + "registration or, for RunTask overrides, at launch, so the deployment or the job fails.",
    remediation = "Set task-level cpu and memory to a pair from the Fargate table, e.g. \"cpu\": \"1024\" with "
        + "\"memory\": \"2048\" to \"8192\" in 1024 steps; on Windows use 1024, 2048 or 4096 CPU units.",
    docUrl = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size",
    controls = {"KICS ECS Task Definition Invalid CPU or Memory"})
public final class FargateCpuMemoryValid implements Rule {

  /** One row of the Fargate table: memory from min to max MiB in steps, for the given CPU units. */
  private record Size(int cpu, int minMemory, int maxMemory, int step, boolean windows) {
    boolean accepts(int memory) {
      if (cpu == 256) {
        return memory == 512 || memory == 1024 || memory == 2048;
      }
      return memory >= minMemory && memory <= maxMemory && (memory - minMemory) % step == 0;
    }

    String describe() {
      return cpu == 256 ? "512, 1024 or 2048 MiB"
          : minMemory + "-" + maxMemory + " MiB in steps of " + step;
    }
  }

  private static final List<Size> TABLE = List.of(
      new Size(256, 512, 2048, 512, false),
      new Size(512, 1024, 4096, 1024, false),
      new Size(1024, 2048, 8192, 1024, true),
      new Size(2048, 4096, 16384, 1024, true),
      new Size(4096, 8192, 30720, 1024, true),
      new Size(8192, 16384, 61440, 4096, false),
      new Size(16384, 32768, 122880, 8192, false));

  /** Where each value came from, for the pointers. */
  private record Pair(String cpu, String memory, String cpuField, String memoryField, String pairField, String what) {}

  @Override
  public List<Violation> check(EvaluationContext context) {
    TaskDefinition definition = context.taskDefinition();
    if (!definition.requiresFargate()) {
      return List.of();
    }
    // "{{ecs_cpu}}" in a template: the pipeline fills the size in, and it is judged once registered.
    if (Placeholders.inTemplate(context.subject(), definition.cpu()) || Placeholders.inTemplate(context.subject(), definition.memory())) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    check(new Pair(definition.cpu(), definition.memory(), "/cpu", "/memory", "/memory", "task"),
        definition.isWindows(), violations);

    RunRequest.Overrides overrides = context.run().map(RunRequest::overrides).orElse(null);
    if (overrides != null && (overrides.cpu() != null || overrides.memory() != null)) {
      String cpu = overrides.cpu() != null ? overrides.cpu() : definition.cpu();
      String memory = overrides.memory() != null ? overrides.memory() : definition.memory();
      List<Violation> run = new ArrayList<>();
      check(new Pair(cpu, memory,
          overrides.cpu() != null ? "/overrides/cpu" : "/cpu",
          overrides.memory() != null ? "/overrides/memory" : "/memory",
          overrides.cpu() != null ? "/overrides/cpu" : "/overrides/memory",
          "RunTask"), definition.isWindows(), run);
      // Problems of the definition's own values were reported above.
      run.stream().filter(v -> v.field().startsWith("/overrides/")).forEach(violations::add);
    }
    return violations;
  }

  private static void check(Pair pair, boolean windows, List<Violation> out) {
    OptionalInt cpu = read(pair.cpu(), true, pair.cpuField(), pair.what(), out);
    OptionalInt memory = read(pair.memory(), false, pair.memoryField(), pair.what(), out);
    if (cpu.isEmpty()) {
      return;
    }
    Size size = null;
    for (int i = 0; i < TABLE.size() && size == null; i++) { // a loop: every Fargate evaluation looks here
      if (TABLE.get(i).cpu() == cpu.getAsInt()) {
        size = TABLE.get(i);
      }
    }
    // How the cpu was written is told only in a violation: a valid size is not formatted.
    if (size == null) {
      out.add(Violation.at(pair.cpuField(), pair.what() + " cpu " + seenCpu(pair, cpu)
          + " is not a Fargate size: use 256, 512, 1024, 2048, 4096, 8192 or 16384 CPU units"));
      return;
    }
    if (windows && cpu.getAsInt() < 1024) {
      out.add(Violation.at(pair.cpuField(), pair.what() + " cpu " + seenCpu(pair, cpu)
          + " is too small for Windows on Fargate, which needs at least 1024 CPU units"));
      return;
    }
    if (windows && !size.windows()) {
      out.add(Violation.at(pair.cpuField(), pair.what() + " cpu " + seenCpu(pair, cpu)
          + " is offered on Fargate for Linux only; Windows offers 1024, 2048 or 4096 CPU units"));
      return;
    }
    if (memory.isPresent() && !size.accepts(memory.getAsInt())) {
      out.add(Violation.at(pair.pairField(), pair.what() + " memory " + seen(pair.memory(), memory.getAsInt(), "MiB")
          + " is not valid with " + cpu.getAsInt() + " CPU units on Fargate: use " + size.describe()));
    }
  }

  private static OptionalInt read(String text, boolean isCpu, String field, String what, List<Violation> out) {
    String name = isCpu ? "cpu" : "memory";
    if (text == null || text.isBlank()) {
      out.add(Violation.at(field, what + " sets no " + name + ": Fargate requires task-level cpu and memory"));
      return OptionalInt.empty();
    }
    OptionalInt value = isCpu ? TaskSize.cpuUnits(text) : TaskSize.memoryMiB(text);
    if (value.isEmpty()) {
      out.add(Violation.at(field, what + " " + name + " \"" + text.trim() + "\" cannot be read as "
          + (isCpu ? "CPU units or vCPU" : "MiB or GB")));
    }
    return value;
  }

  private static String seenCpu(Pair pair, OptionalInt cpu) {
    return seen(pair.cpu(), cpu.getAsInt(), "CPU units");
  }

  private static String seen(String text, int value, String unit) {
    String trimmed = text.trim();
    return trimmed.equals(Integer.toString(value)) ? value + " " + unit
        : "\"" + trimmed + "\" (" + value + " " + unit + ")";
  }
}
