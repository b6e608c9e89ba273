package io.tokenload.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void everyOccurrenceOfTheKeyIsBlanked() {
    Redactor r = Redactor.of("sk-abcdef123456");
    assertEquals(
        "401: key [redacted] refused (Bearer [redacted])",
        r.redact("401: key sk-abcdef123456 refused (Bearer sk-abcdef123456)"));
  }

  @Test
  void textWithoutTheKeyAndNullPassUnchanged() {
    Redactor r = Redactor.of("sk-abcdef123456");
    String text = "HTTP 429: slow down";
    assertSame(text, r.redact(text));
    assertNull(r.redact(null));
  }

  @Test
  void blankOrVeryShortValuesAreNotSecretsToBlank() {
    assertSame(Redactor.NONE, Redactor.of(null, "", "  ", "ab"));
    assertEquals("ab cd", Redactor.of("ab").redact("ab cd"));
  }
}
