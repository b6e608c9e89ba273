package io.tokenload.shard;

/** A merge that cannot be made from what it was given; the message is one line for the user. */
public final class MergeException extends Exception {

  public MergeException(String message) {
    super(message);
  }
}
