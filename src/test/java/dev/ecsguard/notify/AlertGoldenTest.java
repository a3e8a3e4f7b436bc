package dev.ecsguard.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsguard.json.Json;
import dev.ecsguard.rule.Catalog;
import dev.ecsguard.testing.Canaries;
import dev.ecsguard.testing.MotoAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The email and the Chatbot notification for the non-compliant sample event, rendered offline and compared
 * with the reviewed files in test/golden/alerts/. After a deliberate change, regenerate with
 * {@code ./mvnw test -Dtest=AlertGoldenTest -Dgolden.update=true} and review the diff.
 */
class AlertGoldenTest {

  private static final Path GOLDEN = Path.of("test/golden/alerts");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final String SAMPLE = "register-task-definition-noncompliant";

  private final TextReport text = new TextReport(Catalog.standard());
  private final ChatbotReport chatbot = new ChatbotReport(Catalog.standard(), text);

  @Test
  void theEmail() throws IOException {
    Report report = AlertFixtures.offlineReport(MotoAccount.event(SAMPLE + ".json"));
    compare(GOLDEN.resolve(SAMPLE + ".email.txt"), "Subject: " + text.subject(report) + "\n\n" + text.body(report));
  }

  @Test
  void theChatbotNotification() throws IOException {
    Report report = AlertFixtures.offlineReport(MotoAccount.event(SAMPLE + ".json"));
    compare(GOLDEN.resolve(SAMPLE + ".chatbot.json"), Json.writePretty(chatbot.tree(report)) + "\n");
  }

  private static void compare(Path golden, String actual) throws IOException {
    Canaries.assertNone(golden.toString(), actual);
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual);
    }
    assertTrue(Files.exists(golden), "no golden file " + golden + ": write it with -Dgolden.update=true, review, commit");
    assertEquals(Files.readString(golden), actual, golden + " (regenerate with -Dgolden.update=true and review the diff)");
  }
}
