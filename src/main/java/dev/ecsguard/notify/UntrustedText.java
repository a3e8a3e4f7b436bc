package dev.ecsguard.notify;

import java.util.regex.Pattern;

/**
 * Text quoted from a task definition or an event (names, tags, images, log groups, callers, messages that
 * embed them), made inert for the place it is shown: whoever registers a definition must not be able to make
 * ecs-guard ping a Slack channel, show a link, reorder a line with bidi controls or drive a terminal.
 *
 * <p>Apply it where a value is put into the output, never to findings. The rules, for every destination:
 * <ul>
 *   <li>Invisible characters (C0 and C1 controls, newlines included, DEL, Unicode format characters such as bidi
 *       overrides and isolates, zero-width characters and tag characters, line and paragraph separators, lone
 *       surrogates) are shown as {@code \\u202E}-style escapes, never dropped: a reader sees that something was
 *       there.
 *   <li>URLs are defanged ({@code https[:]//evil.example}): readers and renderers should not get a clickable
 *       link that seems to come from ecs-guard.
 * </ul>
 * On top of that, Slack (AWS Chatbot {@code client-markdown}) gets {@code & < >} as {@code &amp; &lt; &gt;}, as
 * Slack requires, so no {@code <!channel>}, {@code <@U…>} or {@code <http…|…>} survives; and markdown
 * punctuation is backslash-escaped so {@code [text](url)}, backticks and emphasis stay text. An email subject is
 * ASCII only (SNS's rule). The JSON report keeps exact values: it is for machines, and {@link JsonReport}
 * writes invisible characters as JSON escapes, so they survive but never reach a terminal raw.
 */
public final class UntrustedText {

  /** {@code scheme://}: the start of a URL a renderer would turn into a link. */
  private static final Pattern URL_SCHEME = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*):(//)");

  /** Markdown punctuation that starts or ends a link, code span, emphasis, strike-through or table cell. */
  private static final String MARKDOWN = "\\`*_~[]|";

  private UntrustedText() {}

  /** For an email body or a terminal: invisible characters escaped, URLs defanged. */
  public static String forText(String value) {
    if (value == null) {
      return null;
    }
    String defanged = defangUrls(value);
    StringBuilder out = new StringBuilder(defanged.length() + 16);
    defanged.codePoints().forEach(c -> {
      if (isInvisible(c)) {
        appendEscape(out, c);
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /** For an email subject (SNS: ASCII printable, no line breaks): {@link #forText}, then non-ASCII escaped. */
  public static String forSubject(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    forText(value).codePoints().forEach(c -> {
      if (c >= 0x20 && c < 0x7F) {
        out.append((char) c);
      } else {
        appendEscape(out, c);
      }
    });
    return out.toString();
  }

  /** For Slack markdown text (a Chatbot title, description, next step or keyword): nothing in it is markup. */
  public static String forSlack(String value) {
    if (value == null) {
      return null;
    }
    String defanged = defangUrls(value);
    StringBuilder out = new StringBuilder(defanged.length() + 16);
    int[] codePoints = defanged.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      int c = codePoints[i];
      if (isInvisible(c)) {
        appendEscape(out, c);
      } else if (appendSlackEntity(out, c)) {
        continue;
      } else if (c == '_' && isIntraword(codePoints, i)) {
        out.append('_'); // snake_case cannot open emphasis: leave AWS_SECRET_ACCESS_KEY readable
      } else if (c < 0x80 && MARKDOWN.indexOf(c) >= 0) {
        out.append('\\').append((char) c);
      } else {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  /**
   * For Slack text inside a code span ({@code `…`}): markdown is not interpreted there, so only the entities,
   * the invisible characters and the backtick that would end the span ({@code \\u0060}) are escaped.
   */
  public static String forSlackCode(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    value.codePoints().forEach(c -> {
      if (isInvisible(c) || c == '`') {
        appendEscape(out, c);
      } else if (!appendSlackEntity(out, c)) {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  /**
   * Whether a character would be invisible, move the cursor or change how the text around it is shown:
   * controls (C0, DEL, C1), format characters (Cf: bidi, zero-width, BOM, tags), line and paragraph separators,
   * lone surrogates, and the Hangul fillers (letters that render as blanks).
   */
  public static boolean isInvisible(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> true;
      default -> c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0; // Hangul fillers: blank letters
    };
  }

  /** {@code https://x} to {@code https[:]//x}: still readable, no longer a link. */
  static String defangUrls(String value) {
    return value.indexOf("://") < 0 ? value : URL_SCHEME.matcher(value).replaceAll("$1[:]$2");
  }

  private static boolean appendSlackEntity(StringBuilder out, int c) {
    switch (c) {
      case '&' -> out.append("&amp;");
      case '<' -> out.append("&lt;");
      case '>' -> out.append("&gt;");
      default -> {
        return false;
      }
    }
    return true;
  }

  private static boolean isIntraword(int[] codePoints, int i) {
    return i > 0 && i < codePoints.length - 1
        && Character.isLetterOrDigit(codePoints[i - 1]) && Character.isLetterOrDigit(codePoints[i + 1]);
  }

  /** {@code \\u202E} for the BMP, {@code \\u{E0041}} beyond it. */
  private static void appendEscape(StringBuilder out, int c) {
    if (Character.isBmpCodePoint(c)) {
      out.append(String.format("\\u%04X", c));
    } else {
      out.append(String.format("\\u{%X}", c));
    }
  }
}
