package dev.ecsguard.facts.iam;

import java.util.Arrays;
import java.util.Locale;

/**
 * An IAM wildcard pattern: {@code *} is any run of characters (colons included: IAM matches the whole string),
 * {@code ?} any one character. Actions compare case-insensitively, resources case-sensitively.
 *
 * <p>A question may hold wildcards too ({@code *:*}, or a secret ARN whose random suffix is unknown,
 * {@code …:secret:db-??????}), so two patterns are compared as languages: {@link #covers} says every string the
 * other stands for matches this one, {@link #intersects} that at least one does. For a plain string both are the
 * ordinary match. {@code covers} treats the other's wildcards as unknown characters only a wildcard here can
 * absorb, which is exact for patterns of this shape.
 *
 * <p>In a resource of a 2012-10-17 policy, {@code ${*}}, {@code ${?}} and {@code ${$}} are the literal characters,
 * and any other {@code ${...}} is a policy variable ({@code ${aws:username}}) whose value depends on the request:
 * such a pattern may match ({@link #intersects} reads the variable as {@code *}) but never surely
 * ({@link #covers} is false), so the evaluator says it cannot tell.
 */
final class Glob {

  private static final int STAR = -1;
  private static final int ANY_ONE = -2;

  private final int[] tokens;
  private final boolean variable;

  private Glob(int[] tokens, boolean variable) {
    this.tokens = tokens;
    this.variable = variable;
  }

  /** An action pattern or question ({@code s3:Get*}), compared case-insensitively. */
  static Glob action(String text) {
    return parse(text.toLowerCase(Locale.ROOT), false);
  }

  /** A resource pattern or question, case-sensitive; {@code variables} for 2012-10-17 policies. */
  static Glob resource(String text, boolean variables) {
    return parse(text, variables);
  }

  /** A policy variable may stand for anything the request carries: it may match, never surely. */
  boolean hasVariable() {
    return variable;
  }

  private static Glob parse(String text, boolean variables) {
    int[] out = new int[text.length()];
    int n = 0;
    boolean variable = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int close = text.indexOf('}', i + 2);
        if (close > 0) {
          String inside = text.substring(i + 2, close);
          if (inside.equals("*") || inside.equals("?") || inside.equals("$")) {
            out[n++] = inside.charAt(0);
          } else {
            out[n++] = STAR;
            variable = true;
          }
          i = close;
          continue;
        }
      }
      out[n++] = c == '*' ? STAR : c == '?' ? ANY_ONE : c;
    }
    return new Glob(Arrays.copyOf(out, n), variable);
  }

  /** Every string {@code question} stands for matches this pattern. */
  boolean covers(Glob question) {
    if (variable) {
      return false;
    }
    int[] p = tokens;
    int[] q = question.tokens;
    int n = p.length;
    int m = q.length;
    // c[i][j]: p[i..] covers q[j..]
    boolean[][] c = new boolean[n + 1][m + 1];
    c[n][m] = true;
    for (int i = n; i >= 0; i--) {
      for (int j = m; j >= 0; j--) {
        if (i == n) {
          c[i][j] = j == m;
        } else if (p[i] == STAR) {
          c[i][j] = c[i + 1][j] || (j < m && c[i][j + 1]);
        } else if (j == m) {
          c[i][j] = false;
        } else if (p[i] == ANY_ONE) {
          c[i][j] = q[j] != STAR && c[i + 1][j + 1];
        } else {
          c[i][j] = q[j] == p[i] && c[i + 1][j + 1];
        }
      }
    }
    return c[0][0];
  }

  /** At least one string {@code question} stands for matches this pattern. */
  boolean intersects(Glob question) {
    int[] p = tokens;
    int[] q = question.tokens;
    int n = p.length;
    int m = q.length;
    // x[i][j]: some string matches both p[i..] and q[j..]
    boolean[][] x = new boolean[n + 1][m + 1];
    for (int i = n; i >= 0; i--) {
      for (int j = m; j >= 0; j--) {
        if (i == n && j == m) {
          x[i][j] = true;
        } else if (i < n && p[i] == STAR) {
          x[i][j] = x[i + 1][j] || (j < m && x[i][j + 1]);
        } else if (j < m && q[j] == STAR) {
          x[i][j] = x[i][j + 1] || (i < n && x[i + 1][j]);
        } else if (i == n || j == m) {
          x[i][j] = false;
        } else {
          boolean one = p[i] == ANY_ONE || q[j] == ANY_ONE || p[i] == q[j];
          x[i][j] = one && x[i + 1][j + 1];
        }
      }
    }
    return x[0][0];
  }
}
