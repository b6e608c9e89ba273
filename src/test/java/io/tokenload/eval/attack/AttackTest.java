package io.tokenload.eval.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.eval.EvalException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AttackTest {

  private static final String PROMPT = "What is the capital of France, the country?";

  @ParameterizedTest
  @EnumSource(Attack.class)
  void everyAttackChangesThePromptEvenAtALowStrength(Attack attack) {
    assertNotEquals(PROMPT, attack.apply(PROMPT, 0.01, new Random(1)));
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void theSameSeedGivesTheSamePerturbation(Attack attack) {
    assertEquals(
        attack.apply(PROMPT, 0.3, new Random(7)), attack.apply(PROMPT, 0.3, new Random(7)));
  }

  @ParameterizedTest
  @EnumSource(Attack.class)
  void strengthZeroLeavesThePromptAlone(Attack attack) {
    assertEquals(PROMPT, attack.apply(PROMPT, 0, new Random(1)));
  }

  @Test
  void chinesePromptsLoseCharactersUnderWordDeletion() {
    String zh = "中国的首都是哪座城市？";
    String attacked = Attack.WORD_DELETION.apply(zh, 0.2, new Random(3));
    assertTrue(attacked.length() < zh.length(), attacked);
  }

  @Test
  void homoglyphsLookAlikeButDiffer() {
    String attacked = Attack.HOMOGLYPH.apply("capital", 1, new Random(1));
    assertEquals("\u0441\u0430\u0440\u0456t\u0430l", attacked);
  }

  @Test
  void fgsmStandsForTheTypoAttack() {
    assertEquals(Attack.TYPO, Attack.parse("fgsm"));
  }

  @Test
  void anUnknownAttackListsTheAllowedOnes() {
    String message = assertThrows(EvalException.class, () -> Attack.parse("pgd")).getMessage();
    assertTrue(message.contains("--attack was 'pgd'; allowed: typo, word-deletion"), message);
  }
}
