package io.pulse.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies written to break a JSON ingest endpoint (issue 10): numbers that are costly to
 * convert, deep nesting, broken encodings, wrong content types, oversize bodies, absurd dates. Each
 * endpoint gives a valid single-object body with three slots, {@code %NUMBER%}, {@code %DATE%} and
 * {@code %TEXT%} (a string field), where a raw JSON value goes; every attack must get a 4xx.
 *
 * @param template a valid request body with the slots
 * @param validNumber what makes the {@code %NUMBER%} slot valid
 * @param validDate what makes the {@code %DATE%} slot valid (a quoted JSON string)
 * @param validText what makes the {@code %TEXT%} slot valid (a quoted JSON string)
 */
public record HostileCorpus(
    String template, String validNumber, String validDate, String validText) {
  public static final String NUMBER = "%NUMBER%";
  public static final String DATE = "%DATE%";
  public static final String TEXT = "%TEXT%";
  private static final String JSON = "application/json";

  /** One hostile request. */
  public record Attack(String attackClass, String name, byte[] body, String contentType) {
    @Override
    public String toString() {
      return attackClass + ": " + name;
    }
  }

  /** The valid body: the control that must be accepted before and after the attacks. */
  public String valid() {
    return fill(validNumber, validDate, validText);
  }

  public List<Attack> attacks() {
    List<Attack> out = new ArrayList<>();
    number(out, "huge exponent", "1e999999999");
    number(out, "huge exponent, capital E and sign", "1E+2147483647");
    number(out, "tiny exponent", "1e-999999999");
    number(out, "negative tiny exponent", "-1e-999999999");
    number(out, "fraction with a huge exponent", "0.1e400000000");
    number(out, "small value with a huge scale", "12.5e-999999990");
    number(out, "zero with a huge scale", "0e-999999999");
    number(out, "NaN", "NaN");
    number(out, "Infinity", "Infinity");
    number(out, "-Infinity", "-Infinity");
    number(out, "5000-digit integer", "9".repeat(5000));
    number(out, "5000-digit fraction", "0." + "0".repeat(4998) + "1");
    number(out, "beyond long", "9223372036854775808");
    number(out, "beyond int, congruent to a valid int", "4294967299");
    number(out, "negative zero", "-0.0");
    number(out, "hex literal", "0x10");
    number(out, "leading zeros", "00012");
    date(out, "year +999999999", "\"+999999999-12-31T23:59:59Z\"");
    date(out, "year -999999999", "\"-999999999-01-01T00:00:00Z\"");
    date(out, "year 0, month 0", "\"0000-00-00T00:00:00Z\"");
    date(out, "year 9999", "\"9999-12-31T23:59:59Z\"");
    date(out, "epoch 0", "\"1970-01-01T00:00:00Z\"");
    date(out, "impossible fields", "\"2026-13-45T99:99:99Z\"");
    date(out, "offset beyond 18 h", "\"2026-11-24T10:15:00+99:00\"");
    date(out, "10000-character date", "\"2026-11-24T10:15:00" + "0".repeat(10_000) + "Z\"");
    date(out, "huge-exponent number as date", "1e999999999");
    date(out, "Long.MIN_VALUE as date", "-9223372036854775808");
    date(out, "Unix time beyond year 9999", "99999999999999999");
    out.add(whole("structure", "100000 nested arrays", nested("[", "]", 100_000, "1")));
    out.add(whole("structure", "10000 nested objects", nested("{\"a\":", "}", 10_000, "{}")));
    out.add(
        json(
            "structure",
            "1000 nested arrays in a field",
            fill(nested("[", "]", 1_000, "1"), validDate, validText)));
    out.add(
        json(
            "structure",
            "2000-character field name",
            valid().replaceFirst("\\{", "{\"" + "k".repeat(2000) + "\":1,")));
    out.add(
        whole(
            "structure", "1001-element batch", "[" + (valid() + ",").repeat(1000) + valid() + "]"));
    out.add(whole("structure", "trailing garbage", valid() + " }{"));
    out.add(whole("structure", "empty body", ""));
    out.add(whole("structure", "JSON null", "null"));
    out.add(whole("structure", "empty object", "{}"));
    out.add(
        raw(
            "encoding",
            "invalid UTF-8 start byte",
            bytesWithString(new byte[] {(byte) 0xC3, 0x28})));
    out.add(raw("encoding", "0xFF byte", bytesWithString(new byte[] {(byte) 0xFF, (byte) 0xFE})));
    out.add(
        raw(
            "encoding",
            "overlong encoding of '/'",
            bytesWithString(new byte[] {(byte) 0xC0, (byte) 0xAF})));
    out.add(
        raw(
            "encoding",
            "truncated 3-byte sequence",
            bytesWithString(new byte[] {(byte) 0xE2, (byte) 0x82})));
    out.add(
        raw(
            "encoding",
            "UTF-8-encoded lone surrogate (CESU)",
            bytesWithString(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
    out.add(json("encoding", "escaped lone high surrogate", text("\"a\\ud800b\"")));
    out.add(json("encoding", "escaped lone low surrogate", text("\"\\udfff\"")));
    out.add(json("encoding", "escaped NUL", text("\"a\\u0000b\"")));
    out.add(raw("encoding", "raw NUL byte in a string", bytesWithString(new byte[] {'a', 0, 'b'})));
    out.add(
        raw(
            "encoding",
            "NUL byte before the document",
            concat(new byte[] {0}, valid().getBytes(StandardCharsets.UTF_8))));
    out.add(raw("encoding", "UTF-16 body", valid().getBytes(StandardCharsets.UTF_16)));
    for (String type :
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/octet-stream")) {
      out.add(new Attack("content type", type, valid().getBytes(StandardCharsets.UTF_8), type));
    }
    out.add(
        whole(
            "size",
            "3 MiB body",
            "[" + (valid() + ",").repeat((3 << 20) / valid().length()) + valid() + "]"));
    out.add(json("size", "1.5 MiB string", text("\"" + "x".repeat(3 << 19) + "\"")));
    return out;
  }

  private void number(List<Attack> out, String name, String value) {
    out.add(json("number", name, fill(value, validDate, validText)));
  }

  private void date(List<Attack> out, String name, String value) {
    out.add(json("date", name, fill(validNumber, value, validText)));
  }

  private String text(String value) {
    return fill(validNumber, validDate, value);
  }

  private String fill(String number, String date, String text) {
    return template.replace(NUMBER, number).replace(DATE, date).replace(TEXT, text);
  }

  private static Attack json(String attackClass, String name, String body) {
    return new Attack(attackClass, name, body.getBytes(StandardCharsets.UTF_8), JSON);
  }

  private static Attack whole(String attackClass, String name, String body) {
    return json(attackClass, name, body);
  }

  private static Attack raw(String attackClass, String name, byte[] body) {
    return new Attack(attackClass, name, body, JSON);
  }

  /** The valid body with a JSON string made of {@code inner} raw bytes in the text slot. */
  private byte[] bytesWithString(byte[] inner) {
    String[] parts = fill(validNumber, validDate, TEXT).split(TEXT, 2);
    byte[] before = (parts[0] + "\"x").getBytes(StandardCharsets.UTF_8);
    byte[] after = ("x\"" + parts[1]).getBytes(StandardCharsets.UTF_8);
    return concat(before, inner, after);
  }

  private static String nested(String open, String close, int depth, String inner) {
    return open.repeat(depth) + inner + close.repeat(depth);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
