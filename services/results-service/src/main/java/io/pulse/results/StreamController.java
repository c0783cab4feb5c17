package io.pulse.results;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/** {@code GET /v1/stream}: every result update as a Server-Sent Event named after its kind. */
@Controller("/v1/stream")
public class StreamController {
  /** Proxies close idle connections; a comment-only heartbeat keeps the stream open. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final ResultBroadcaster broadcaster;

  public StreamController(ResultBroadcaster broadcaster) {
    this.broadcaster = broadcaster;
  }

  @Operation(
      summary = "Every result update as a Server-Sent Event",
      description =
          "At most pulse.results.stream.max-subscribers streams at once (default 100); beyond,"
              + " 503 with Retry-After. A subscriber more than pulse.results.stream.queue-events"
              + " updates or queue-bytes behind is dropped: its stream ends and it reconnects.")
  @Get(produces = MediaType.TEXT_EVENT_STREAM)
  public Publisher<Event<Object>> stream() {
    Flux<Event<Object>> heartbeat =
        Flux.interval(HEARTBEAT).map(i -> Event.<Object>of("").name("heartbeat"));
    return broadcaster.subscribe(heartbeat).orElseThrow(StreamFullException::new);
  }
}
