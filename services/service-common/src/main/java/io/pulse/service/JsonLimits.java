package io.pulse.service;

import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.serde.jackson.SerdeJacksonConfiguration;
import io.pulse.events.JsonReader;
import jakarta.inject.Singleton;

/**
 * Gives the JSON parser Micronaut uses for request bodies (the dashboard's sign-in, query-bound
 * objects) the same explicit {@link JsonReader#LIMITS} as the events codecs. Micronaut serde builds
 * its Jackson factory without a hook for read constraints, so this sets Jackson's process-wide
 * default, the mechanism Jackson provides for frameworks, just before that factory is built (its
 * configuration is created first).
 */
@Singleton
public class JsonLimits implements BeanCreatedEventListener<SerdeJacksonConfiguration> {
  @Override
  public SerdeJacksonConfiguration onCreated(BeanCreatedEvent<SerdeJacksonConfiguration> event) {
    StreamReadConstraints.overrideDefaultStreamReadConstraints(JsonReader.LIMITS);
    return event.getBean();
  }
}
