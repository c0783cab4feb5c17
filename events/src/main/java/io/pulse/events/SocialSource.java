package io.pulse.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a social post came from; {@link #id()} is the lower-case name used on the wire. */
public enum SocialSource {
  FACEBOOK("facebook"),
  TWITTER("twitter"),
  REVIEWS("reviews");

  public static final String ALLOWED =
      Arrays.stream(values()).map(SocialSource::id).collect(Collectors.joining(", "));

  private final String id;

  SocialSource(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static SocialSource parse(String value, String field) {
    for (SocialSource source : values()) {
      if (source.id.equals(value)) {
        return source;
      }
    }
    throw new InvalidEventException(
        "unknown source '" + JsonReader.abbreviate(value) + "': expected one of " + ALLOWED, field);
  }
}
