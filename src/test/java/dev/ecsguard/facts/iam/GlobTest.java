package dev.ecsguard.facts.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Patterns against questions that may hold wildcards themselves: covers (all of it) and intersects (some). */
class GlobTest {

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # pattern                | question              | covers | intersects
      *                        | anything              | true   | true
      *                        | *                     | true   | true
      **                       | *                     | true   | true
      ?*                       | *                     | false  | true
      *:*                      | *:*                   | true   | true
      *:*                      | *                     | false  | true
      s3:*                     | *:*                   | false  | true
      s3:*                     | ec2:*                 | false  | false
      a*                       | *b                    | false  | true
      *a                       | *b                    | false  | false
      db-*                     | db-??????             | true   | true
      db-??????                | db-??????             | true   | true
      db-?????                 | db-??????             | false  | false
      db-AbCdEf                | db-??????             | false  | true
      db-AbCdEf                | db-AbCdEf             | true   | true
      db                       | db-AbCdEf             | false  | false
      log-group:/ecs/*         | log-group:/ecs/web:*  | true   | true
      log-group:/ecs/web       | log-group:/ecs/web:*  | false  | false
      log-group:/ecs/web:*     | log-group:/ecs/web    | false  | false
      """)
  void comparesLanguages(String pattern, String question, boolean covers, boolean intersects) {
    Glob p = Glob.resource(pattern, true);
    Glob q = Glob.resource(question, false);
    assertEquals(covers, p.covers(q), "covers");
    assertEquals(intersects, p.intersects(q), "intersects");
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource(delimiter = '|', textBlock = """
      S3:GetObject   | s3:getobject   | true
      s3:Get*        | S3:GETOBJECT   | true
      s3:Get?bject   | s3:GetObject   | true
      s3:Get         | s3:GetObject   | false
      """)
  void actionsIgnoreCase(String pattern, String action, boolean matches) {
    assertEquals(matches, Glob.action(pattern).covers(Glob.action(action)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      home/${aws:username}/*  | home/alice/k  | false | true
      home/${aws:username}/*  | work/alice/k  | false | false
      """)
  void aVariableMayMatchButNeverSurely(String pattern, String resource, boolean covers, boolean intersects) {
    Glob p = Glob.resource(pattern, true);
    assertEquals(covers, p.covers(Glob.resource(resource, false)));
    assertEquals(intersects, p.intersects(Glob.resource(resource, false)));
  }
}
