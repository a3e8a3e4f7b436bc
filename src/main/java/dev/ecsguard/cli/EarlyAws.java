package dev.ecsguard.cli;

import dev.ecsguard.aws.AwsClients;
import dev.ecsguard.pipeline.Pipeline;
import java.util.List;

/**
 * {@code invoke --aws} in a fresh JVM spends most of its time starting the AWS SDK. Its clients start building
 * on other threads before picocli has parsed the command line (a fifth of a second of class loading on its own),
 * and the command then takes those clients.
 */
final class EarlyAws {

  private static volatile AwsClients started;

  private EarlyAws() {}

  /** Starts the SDK when the command line asks for AWS; does nothing otherwise (offline runs never touch it). */
  static void startIfAsked(String[] args) {
    if (!List.of(args).contains("--aws")) {
      return;
    }
    try {
      AwsClients clients = new AwsClients();
      Pipeline.warmUpClients(System.getenv(), clients);
      started = clients;
    } catch (RuntimeException e) {
      // Whatever failed fails again, where it is reported, when the command builds its own clients.
    }
  }

  /** The clients started early, once; new ones otherwise. */
  static AwsClients clients() {
    AwsClients clients = started;
    started = null;
    return clients != null ? clients : new AwsClients();
  }
}
