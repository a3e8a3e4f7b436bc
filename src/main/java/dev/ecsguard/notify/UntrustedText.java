package dev.ecsguard.notify;

import java.util.regex.Matcher;
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
 *   <li>URLs are defanged ({@code hxxps[:]//evil.example}): readers and renderers should not get a clickable
 *       link that seems to come from ecs-guard.
 * </ul>
 * Email and terminal text is plain, but plain alerts are often relayed to chat (an SNS subscription posting to a
 * Slack webhook), so a {@code <} that would open a Slack mention or link ({@code <!}, {@code <@}, {@code <#},
 * {@code <scheme:}) is written {@code \u003C} there too; a {@code <name>} placeholder stays as it is.
 * On top of that, Slack (AWS Chatbot {@code client-markdown}) gets {@code & < >} as {@code &amp; &lt; &gt;}, as
 * Slack requires, so no {@code <!channel>}, {@code <@U…>} or {@code <http…|…>} survives; and markdown
 * punctuation is backslash-escaped so {@code [text](url)}, backticks and emphasis stay text. An email subject is
 * ASCII only (SNS's rule). The JSON report keeps exact values: it is for machines, and {@link JsonReport}
 * writes invisible characters as JSON escapes, so they survive but never reach a terminal raw.
 */
public final class UntrustedText {

  /** {@code scheme://}: the start of a URL a renderer would turn into a link. */
  private static final Pattern URL_SCHEME = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*)://");

  /** What follows a {@code <} that Slack reads as a mention, a channel or a link (a scheme, maybe defanged). */
  private static final Pattern SLACK_CONSTRUCT = Pattern.compile("[!@#]|[A-Za-z][A-Za-z0-9+.-]*(?::|\\[:\\])");

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
    Matcher construct = SLACK_CONSTRUCT.matcher(defanged);
    for (int i = 0; i < defanged.length(); i += Character.charCount(defanged.codePointAt(i))) {
      int c = defanged.codePointAt(i);
      if (isInvisible(c) || c == '<' && construct.region(i + 1, defanged.length()).lookingAt()) {
        appendEscape(out, c);
      } else {
        out.appendCodePoint(c);
      }
    }
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

  /** {@code https://x} to {@code hxxps[:]//x}, the usual defanged form: still readable, no longer a link. */
  static String defangUrls(String value) {
    if (value.indexOf("://") < 0) {
      return value;
    }
    return URL_SCHEME.matcher(value).replaceAll(url -> Matcher.quoteReplacement(
        url.group(1).replaceFirst("(?i)^http(s?)$", "hxxp$1") + "[:]//"));
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
