package io.tokenload.gatling;

import com.typesafe.scalalogging.Logger;
import io.gatling.core.action.Action;

/**
 * Gatling's {@link Action} as a Java class implements it. The Scala trait behind it ({@code
 * StrictLogging}) has a setter that Scala's initialiser calls to set a logger field; a Java action
 * returns a constant logger from {@link #logger()} instead, so the setter does nothing.
 */
interface JavaAction extends Action {

  @Override
  default void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
    // The logger is a constant of the implementing class.
  }
}
