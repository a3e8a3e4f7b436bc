package dev.ecsguard.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguard.model.Placeholders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading each format into the API's shape, intrinsics as unknowns, lines, and hostile inputs bounded. */
class DefinitionsTest {

  @TempDir Path temp;

  private static ReadResult read(String content) throws InputException {
    return Definitions.read(new InputFile(Path.of("t.yaml"), true), content.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode only(String content) throws InputException {
    List<FoundDefinition> found = read(content).definitions();
    assertEquals(1, found.size(), found::toString);
    return found.get(0).definition();
  }

  @Test
  void cloudFormationPropertiesBecomeTheApiFieldsAndFreeFormKeysStayAsWritten() throws InputException {
    JsonNode definition = only("""
        Resources:
          T:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: app
                  ReadonlyRootFilesystem: true
                  LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: g, Mode: x}}
                  DockerLabels: {Team: a}
                  LinuxParameters: {Capabilities: {Drop: [ALL]}}
              Volumes:
                - Name: v
                  EFSVolumeConfiguration: {FilesystemId: fs-1, TransitEncryption: ENABLED,
                                           AuthorizationConfig: {IAM: ENABLED}}
              Tags: [{Key: team, Value: a}]
        """);

    JsonNode app = definition.path("containerDefinitions").path(0);
    assertEquals("app", app.path("name").asText());
    assertTrue(app.path("readonlyRootFilesystem").asBoolean());
    assertEquals("g", app.at("/logConfiguration/options/awslogs-group").asText());
    assertEquals("x", app.at("/logConfiguration/options/Mode").asText(), "an option's key is the user's");
    assertEquals("a", app.at("/dockerLabels/Team").asText());
    assertEquals("ALL", app.at("/linuxParameters/capabilities/drop/0").asText());
    JsonNode efs = definition.at("/volumes/0/efsVolumeConfiguration");
    assertEquals("fs-1", efs.path("fileSystemId").asText());
    assertEquals("ENABLED", efs.at("/authorizationConfig/iam").asText());
    assertEquals("team", definition.at("/tags/0/key").asText());
  }

  @Test
  void intrinsicsInShortAndLongFormBecomeUnknownsOrTheirLiteralValue() throws InputException {
    JsonNode definition = only("""
        Mappings: {M: {prod: {Mem: "1024"}}}
        Resources:
          T:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Memory: !FindInMap [M, prod, Mem]
              Cpu: {"Fn::FindInMap": [M, {"Ref": "Env"}, Mem]}
              TaskRoleArn: !If [C, !GetAtt R.Arn, !Ref AWS::NoValue]
              ExecutionRoleArn: {"Ref": "AWS::NoValue"}
              Family: {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, web]]}
              ContainerDefinitions:
                - Name: !Select [1, [a, b]]
                  Image: !Sub "${Repo}:1.0"
                  User: !ImportValue shared-user
                  Command: !Split [",", "a,b"]
                  Environment:
                    - {Name: A, Value: !GetAtt [Db, Endpoint.Address]}
                    - {Name: B, Value: !Base64 x}
                    - {Name: C, Value: !Sub ["${X}", {X: 1}]}
        """);

    assertEquals("1024", definition.path("memory").asText());
    assertTrue(Placeholders.isWhole(definition.path("cpu").asText()), definition.path("cpu").asText());
    assertTrue(Placeholders.isWhole(definition.path("taskRoleArn").asText()));
    assertTrue(definition.path("executionRoleArn").isMissingNode(), "AWS::NoValue removes the property");
    assertEquals("${AWS::StackName}-web", definition.path("family").asText());
    JsonNode app = definition.at("/containerDefinitions/0");
    assertEquals("b", app.path("name").asText());
    assertEquals("${Repo}:1.0", app.path("image").asText());
    assertEquals("${ImportValue shared-user}", app.path("user").asText());
    assertTrue(Placeholders.isWhole(app.path("command").asText()));
    assertEquals("${Db.Endpoint.Address}", app.at("/environment/0/value").asText());
    assertEquals("${Fn::Base64}", app.at("/environment/1/value").asText());
    assertEquals("${X}", app.at("/environment/2/value").asText());
  }

  @Test
  void linesComeFromTheFileAndAMissingFieldIsPlacedAtItsParent() throws InputException {
    FoundDefinition found = read("""
        Resources:
          T:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: app
                  Image: nginx:1.25
                  Privileged: true
        """).definitions().get(0);

    assertEquals("T", found.resource());
    assertEquals(OptionalInt.of(2), found.lines().resourceLine());
    assertEquals(OptionalInt.of(8), found.lines().lineOf("/containerDefinitions/0/privileged"));
    assertEquals(OptionalInt.of(6), found.lines().lineOf("/containerDefinitions/0/user"));
    assertEquals(OptionalInt.empty(), found.lines().lineOf("/executionRoleArn"));
  }

  @Test
  void theDescribeWrapperKeepsItsLinesUnderTaskDefinition() throws InputException {
    FoundDefinition found = read("{\n \"taskDefinition\": {\n  \"family\": \"f\",\n  \"containerDefinitions\": [\n"
        + "   {\"name\": \"a\", \"image\": \"nginx\"}\n  ]\n },\n \"tags\": []\n}\n").definitions().get(0);

    assertEquals(null, found.resource());
    assertEquals(OptionalInt.of(3), found.lines().lineOf("/family"));
    assertEquals(OptionalInt.of(5), found.lines().lineOf("/containerDefinitions/0/image"));
  }

  @Test
  void aFileFoundByAScanWithNothingToLintIsSkippedQuietly() throws InputException {
    byte[] template = "Resources: {B: {Type: AWS::S3::Bucket}}".getBytes(StandardCharsets.UTF_8);
    byte[] other = "{\"name\": \"pkg\", \"version\": \"1\"}".getBytes(StandardCharsets.UTF_8);

    ReadResult found = Definitions.read(new InputFile(Path.of("a.yaml"), false), template);
    ReadResult named = Definitions.read(new InputFile(Path.of("a.yaml"), true), template);

    assertEquals(new ReadResult(List.of(), List.of(), List.of()), found);
    assertEquals(List.of("a.yaml: a CloudFormation template without an AWS::ECS::TaskDefinition resource: "
        + "nothing to lint"), named.notes());
    assertTrue(Definitions.read(new InputFile(Path.of("package.json"), false), other).definitions().isEmpty());
    assertThrows(InputException.class, () -> Definitions.read(new InputFile(Path.of("package.json"), true), other));
  }

  @Test
  void aBadContainerListInAPlanIsAProblemOfThatResourceOnly() throws InputException {
    ReadResult result = read("""
        {"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {"root_module": {"resources": [
          {"address": "aws_ecs_task_definition.a", "mode": "managed", "type": "aws_ecs_task_definition",
           "values": {"family": "a", "container_definitions": "[{not json"}},
          {"address": "aws_ecs_task_definition.b", "mode": "managed", "type": "aws_ecs_task_definition",
           "values": {"family": "b", "container_definitions": "[{\\"name\\":\\"b\\",\\"image\\":\\"nginx\\"}]",
                      "volume": [{"name": "v", "host_path": "/var/run/docker.sock"}], "tags": {"k": "v"}}}]}}}
        """);

    assertEquals(List.of("t.yaml (aws_ecs_task_definition.a): container_definitions is not valid JSON"),
        result.problems());
    JsonNode b = result.definitions().get(0).definition();
    assertEquals("/var/run/docker.sock", b.at("/volumes/0/host/sourcePath").asText());
    assertEquals("k", b.at("/tags/0/key").asText());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void hostileInputsGetABoundedOneLineError() throws Exception {
    String laughs = Files.readString(Path.of("test/inputs/hostile/billion-laughs.yaml"));
    assertOneLine(assertThrows(InputException.class, () -> read(laughs)), "t.yaml: a YAML alias (line 3)");

    assertOneLine(assertThrows(InputException.class, () -> read("[".repeat(5_000) + "]".repeat(5_000))),
        "t.yaml: nested deeper than 100 levels");
    assertOneLine(assertThrows(InputException.class, () -> read("a:\n" + "  - [".repeat(2_000))),
        "t.yaml: ");
    assertOneLine(assertThrows(InputException.class, () -> read("Resources: {T: {Type: x\n  :: ][")),
        "t.yaml: not valid YAML");
    assertOneLine(assertThrows(InputException.class, () -> read("{\"a\": 1} {\"b\": 2}")),
        "t.yaml: not valid JSON: more than one document");

    Path huge = temp.resolve("huge.yaml");
    try (var file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(dev.ecsguard.json.BoundedInput.MAX_BYTES + 1L);
    }
    assertOneLine(assertThrows(InputException.class, () -> Definitions.read(new InputFile(huge, true))),
        huge + ": larger than 10 MiB, not read");
  }

  @Test
  void oddTagsAreUnknownsNeverACrash() throws Exception {
    JsonNode definition = read(Files.readString(Path.of("test/inputs/hostile/odd-tags.yaml")))
        .definitions().get(0).definition();

    JsonNode app = definition.at("/containerDefinitions/0");
    assertEquals("${Fn::Unheard-Of-Tag}", app.path("name").asText());
    assertEquals("${binary}", app.path("image").asText());
    assertEquals("${Fn::Base64}", app.path("user").asText());
    assertEquals("512", app.path("memory").asText());
    assertEquals("${Fn::Transform}", app.path("environment").asText());
  }

  private static void assertOneLine(InputException e, String start) {
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
