package dev.ecsguard.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link Placeholders} against test/placeholders/placeholders.tsv: for each text, whether it holds a placeholder,
 * is one and nothing else, and is an image that is not filled in. The table holds what real templates write and
 * what looks like them but is a real value.
 */
class PlaceholdersTest {

  private static final Path TABLE = Path.of("test", "placeholders", "placeholders.tsv");

  @TestFactory
  Stream<DynamicTest> everyRowOfTheTable() throws IOException {
    List<String[]> rows = Files.readAllLines(TABLE).stream()
        .filter(line -> !line.startsWith("#"))
        .map(line -> line.split("\t", -1))
        .toList();
    assertFalse(rows.isEmpty(), "no rows in " + TABLE);
    return rows.stream().map(row -> dynamicTest("[" + row[0] + "] " + row[4], () -> {
      assertEquals(row[1].equals("yes"), Placeholders.contains(row[0]), "contains");
      assertEquals(row[2].equals("yes"), Placeholders.isWhole(row[0]), "isWhole");
      assertEquals(row[3].equals("yes"), Placeholders.inImage(row[0]), "inImage");
    }));
  }
}
