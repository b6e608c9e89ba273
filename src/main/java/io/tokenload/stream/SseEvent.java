package io.tokenload.stream;

/**
 * One dispatched server-sent event.
 *
 * @param event the event type: the last {@code event} field of the event, {@code message} when it
 *     had none (WHATWG: "if the event type buffer has a value other than the empty string ...
 *     otherwise message")
 * @param data the {@code data} lines of the event joined with {@code \n}; never null
 * @param id the stream's last event ID at dispatch (it persists across events, as in the spec),
 *     null while no non-empty {@code id} has been seen
 */
public record SseEvent(String event, String data, String id) {}
