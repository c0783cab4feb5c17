package io.pulse.socialingest;

import io.micronaut.runtime.Micronaut;

public final class SocialIngestApplication {
  private SocialIngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(SocialIngestApplication.class, args);
  }
}
