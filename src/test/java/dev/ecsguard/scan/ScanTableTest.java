package dev.ecsguard.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary table's shape, the unit of work's checks and the cursor's name per scope (no AWS). */
class ScanTableTest {

  @Test
  void oneRowPerUnitAndATotalWhenThereAreSeveral() {
    Map<ScanUnit, ScanSummary> rows = new LinkedHashMap<>();
    rows.put(new ScanUnit("123456789012", "eu-west-1"), new ScanSummary());
    rows.put(new ScanUnit("123456789012", "us-east-1"), new ScanSummary());

    String table = ScanTable.render(rows, true, false);

    assertTrue(table.startsWith("Scanned: every ACTIVE revision (report only)\n"), table);
    assertTrue(table.contains("\n  123456789012/eu-west-1         0          0              0         0     0       0"
        + "    0     0\n"), table);
    assertTrue(table.contains("\n  total                          0"), table);
    assertTrue(table.endsWith("Actions: none (a scan without --enforce only reports)\n"), table);
    assertEquals(1, ScanTable.render(Map.of(new ScanUnit(null, "us-east-1"), new ScanSummary()), false, true)
        .lines().filter(line -> line.startsWith("  this account/us-east-1")).count(), "no total for one unit");
  }

  @Test
  void aUnitIsATwelveDigitAccountAndARegion() {
    assertThrows(IllegalArgumentException.class, () -> new ScanUnit("12345", "us-east-1"));
    assertThrows(IllegalArgumentException.class, () -> new ScanUnit("123456789012", "us east 1"));
    assertEquals("this account/eu-central-1", new ScanUnit(null, "eu-central-1").toString());
  }

  @Test
  void eachScopeResumesItsOwnCursor() {
    assertEquals("latest", new RevisionScan.Scope(null, false).kind());
    assertEquals("all#payments", new RevisionScan.Scope("payments", true).kind());
    assertEquals("web", RevisionScan.familyOf("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"));
  }
}
