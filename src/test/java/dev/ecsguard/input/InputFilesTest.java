package dev.ecsguard.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Directories, globs and standard input as lint's arguments; names as CloudFormation and Terraform spell them. */
class InputFilesTest {

  private static List<String> expand(String argument) throws InputException {
    return InputFiles.expand(argument).stream().map(file -> file.path() + (file.named() ? " (named)" : ""))
        .toList();
  }

  @Test
  void aDirectoryIsSearchedForTemplateExtensionsWithoutHiddenOrVendoredDirectories() throws InputException {
    assertEquals(List.of("test/inputs/directory/infra/batch.template", "test/inputs/directory/infra/cluster.yml",
        "test/inputs/directory/package.json", "test/inputs/directory/services/api/task-definition.json"),
        expand("test/inputs/directory"));
  }

  @Test
  void globsFilesAndStandardInput() throws InputException {
    assertEquals(List.of("test/inputs/cloudformation/web.yaml", "test/inputs/sam/template.yaml"),
        expand("test/inputs/{sam,cloudformation}/*.yaml"));
    assertEquals(List.of("test/inputs/sam/template.yaml (named)"), expand("test/inputs/sam/template.yaml"));
    assertEquals(List.of("- (named)"), expand("-"));
    assertEquals(List.of("missing.yaml (named)"), expand("missing.yaml"), "reading says: no such file");
    assertEquals("test/inputs/*.nothing: no file matches",
        assertThrows(InputException.class, () -> expand("test/inputs/*.nothing")).getMessage());
  }

  @Test
  void cloudFormationAndTerraformNamesBecomeTheApiFields() {
    assertEquals("containerDefinitions", CloudFormationNames.apiName("ContainerDefinitions"));
    assertEquals("efsVolumeConfiguration", CloudFormationNames.apiName("EFSVolumeConfiguration"));
    assertEquals("fsxWindowsFileServerVolumeConfiguration",
        CloudFormationNames.apiName("FSxWindowsFileServerVolumeConfiguration"));
    assertEquals("iam", CloudFormationNames.apiName("IAM"));
    assertEquals("sizeInGiB", CloudFormationNames.apiName("SizeInGiB"));
    assertEquals("name", CloudFormationNames.apiName("Name"));
    assertEquals("executionRoleArn", TerraformPlans.apiName("execution_role_arn"));
    assertEquals("volumes", TerraformPlans.apiName("volume"));
    assertEquals(Path.of("-"), InputFile.STDIN);
  }
}
