package io.pulse.service.auth;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.security.config.InterceptUrlMapPattern;
import io.micronaut.security.config.SecurityConfiguration;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start which endpoints refuse everything because their token is not configured. The roles
 * are read from the service's own {@code micronaut.security.intercept-url-map}, so this report
 * cannot drift from the rules it describes.
 */
@Singleton
public class FailClosedReport implements ApplicationEventListener<ServerStartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(FailClosedReport.class);
  private final SecurityConfiguration security;
  private final AccessTokens tokens;

  public FailClosedReport(SecurityConfiguration security, AccessTokens tokens) {
    this.security = security;
    this.tokens = tokens;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Map<String, Set<String>> patternsByRole = new TreeMap<>();
    for (InterceptUrlMapPattern rule : security.getInterceptUrlMap()) {
      for (String role : rule.getAccess()) {
        if (Roles.ALL.contains(role)) {
          patternsByRole.computeIfAbsent(role, r -> new TreeSet<>()).add(rule.getPattern());
        }
      }
    }
    patternsByRole.forEach(
        (role, patterns) -> {
          if (tokens.tokenFor(role) == null) {
            LOG.error(
                "{} is not set: every request to {} is refused with 401 (fail closed)",
                AccessTokens.envFor(role),
                patterns);
          } else {
            LOG.info("{} authenticates {}", AccessTokens.envFor(role), patterns);
          }
        });
  }
}
