package dev.ecsguard.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.json.BoundedInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * Reads the task definitions out of one input, whatever it is, recognised by its content rather than its name:
 * a task definition (the API's shape or {@code describe-task-definition} output), a bare list of container
 * definitions, a CloudFormation template (JSON or YAML; SAM; CDK's synthesised output) or a Terraform plan or
 * state ({@code terraform show -json}). Every input is read through {@link BoundedInput}.
 */
public final class Definitions {

  private Definitions() {}

  /** The definitions in the file, or one line saying why none could be read. */
  public static ReadResult read(InputFile input) throws InputException {
    return read(input, bytes(input));
  }

  static ReadResult read(InputFile input, byte[] bytes) throws InputException {
    String file = input.path().toString();
    String name = input.name();
    LocatedTree tree = TreeReader.read(name, bytes);
    JsonNode root = tree.root();
    if (CloudFormationTemplates.isTemplate(root)) {
      return CloudFormationTemplates.read(file, name, tree, input.named());
    }
    if (TerraformPlans.isPlan(root)) {
      return TerraformPlans.read(file, name, tree, input.named());
    }
    if (root.isObject() && (root.has("containerDefinitions") || root.path("taskDefinition").isObject())) {
      return TaskDefinitionFiles.definition(file, tree);
    }
    if (TaskDefinitionFiles.isContainerList(root)) {
      return TaskDefinitionFiles.containerList(file, tree);
    }
    if (!input.named()) {
      return ReadResult.of(List.of()); // a scan meets package.json, cdk.json, expected findings: not for us
    }
    if (root.isObject() && (root.has("detail-type") || root.has("detail"))) {
      throw new InputException(name + ": this is an EventBridge event; use `ecs-guard invoke`");
    }
    throw new InputException(name + ": not a task definition, container definitions, CloudFormation template "
        + "or Terraform plan (no containerDefinitions, Resources or planned_values)");
  }

  private static byte[] bytes(InputFile input) throws InputException {
    try (InputStream in = input.path().equals(InputFile.STDIN)
        ? nonClosing(System.in) : Files.newInputStream(input.path())) {
      return BoundedInput.read(in);
    } catch (BoundedInput.TooLargeException e) {
      throw new InputException(input.name() + ": " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw new InputException(input.name() + ": no such file");
    } catch (IOException e) {
      throw new InputException(input.name() + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // standard input stays open for whoever reads it next
      }
    };
  }
}
