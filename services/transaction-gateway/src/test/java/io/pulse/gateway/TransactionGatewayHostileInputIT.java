package io.pulse.gateway;

import io.pulse.events.Topics;
import io.pulse.testsupport.EmbeddedKafka;
import io.pulse.testsupport.HostileCorpus;
import io.pulse.testsupport.HostileInputCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hostile corpus against transaction-gateway running in its own JVM with the chart's heap and
 * {@code -XX:+ExitOnOutOfMemoryError}: every attack a JSON 4xx, the process alive throughout, and a
 * valid request accepted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionGatewayHostileInputIT {
  private final EmbeddedKafka kafka = EmbeddedKafka.start();

  @AfterAll
  void stopKafka() {
    kafka.close();
  }

  @Test
  void hostileTransactionsAreRefusedAndTheGatewayStaysUp() throws Exception {
    kafka.createTopic(Topics.BANK_TRANSACTIONS, 1, false);
    HostileInputCheck.run(
        "io.pulse.gateway.TransactionGatewayApplication",
        "transaction-gateway",
        kafka.bootstrapServers(),
        "/v1/transactions",
        new HostileCorpus(
            "{\"transactionId\":\"t-1\",\"customerId\":%TEXT%,\"terminalId\":\"k-1\",\"amount\":%NUMBER%,\"currency\":\"EUR\",\"timestamp\":%DATE%}",
            "12.50", "\"2026-11-24T10:15:00Z\"", "\"c-1\""));
  }
}
