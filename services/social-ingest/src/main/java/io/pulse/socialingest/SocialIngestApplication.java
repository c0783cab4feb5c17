package io.pulse.socialingest;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(
    info =
        @Info(
            title = "social-ingest",
            version = "0.1",
            description =
                "Adapters for Facebook page webhooks, X API v2 posts and website reviews."))
public final class SocialIngestApplication {
  private SocialIngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(SocialIngestApplication.class, args);
  }
}
