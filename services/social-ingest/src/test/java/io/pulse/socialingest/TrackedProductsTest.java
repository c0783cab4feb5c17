package io.pulse.socialingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrackedProductsTest {
  private final TrackedProducts products =
      new TrackedProducts(List.of("Acme Phone", "Zephyr", "Acme Phone Pro", " ", "C++ Kit"));

  @Test
  void findsTheFirstMentionAsWholeWordsIgnoringCase() {
    assertEquals("Zephyr", products.find("my zephyr broke, unlike the Acme Phone"));
    assertEquals("Acme Phone", products.find("The ACME   phone and the Zephyr"));
    assertEquals("Acme Phone Pro", products.find("Acme Phone Pro: best phone"));
    assertEquals("C++ Kit", products.find("the c++ kit is fine"), "names are literal, not regex");
  }

  @Test
  void aNameInsideAnotherWordIsNoMention() {
    assertNull(products.find("Zephyrs and Acmeville phones"));
    assertNull(products.find("nothing tracked here"));
  }
}
