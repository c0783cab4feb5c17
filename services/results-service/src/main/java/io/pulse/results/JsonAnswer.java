package io.pulse.results;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code {"<field>":[json,json,...]}} assembled from the stored records' bytes, plus {@code
 * "truncated":true,"next":"<instant>"} when the answer was cut (see {@link AnswerCap}).
 */
final class JsonAnswer {
  private JsonAnswer() {}

  static HttpResponse<byte[]> of(String field, ResultView.Page<?> page) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("{\"" + field + "\":[").getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < page.entries().size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(page.entries().get(i).json());
    }
    out.write(']');
    if (page.truncated()) {
      out.writeBytes(
          (",\"truncated\":true,\"next\":\"" + page.next() + "\"")
              .getBytes(StandardCharsets.UTF_8));
    }
    out.write('}');
    return HttpResponse.ok(out.toByteArray()).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
