package io.tokenload.gatling;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.Status;
import io.gatling.core.action.Action;
import io.gatling.core.session.GroupBlock;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.tokenload.metrics.LengthCheck;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.gatling.LogRequest;
import io.tokenload.stream.RecordingListener;
import io.tokenload.stream.Transcript;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.RequestFactory;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sends one streamed completion per execution and moves the virtual user on when the stream ends.
 *
 * <p>Gatling's own SSE support records only the time to the response headers. This action reads the
 * stream itself: arrival times are stamped by the transport, the finished {@link RequestRecord}
 * goes to the run's {@code requests.jsonl}, and Gatling's statistics get the request, {@code <cell>
 * e2e} (send to end of stream), and its time to first token as a group, {@code <cell> ttft} (see
 * {@link #logToGatling}). The stream is read on the virtual user's own event loop, so the user
 * resumes there without a thread hop.
 */
final class StreamAction implements JavaAction {

  private static final Status OK = Status.apply("OK");
  private static final Status KO = Status.apply("KO");
  private static final Logger LOG = Logger.apply(LoggerFactory.getLogger(StreamAction.class));

  private final String name;
  private final RunContext run;
  private final RequestFactory requests;
  private final boolean measured;
  private final StreamClient client;
  private final StatsEngine stats;
  private final Action next;
  private final AtomicLong index = new AtomicLong();
  private final Admission admission;

  StreamAction(
      String name,
      RunContext run,
      RequestFactory requests,
      boolean measured,
      StreamClient client,
      StatsEngine stats,
      Action next,
      Admission admission) {
    this.admission = admission;
    this.name = name;
    this.run = run;
    this.requests = requests;
    this.measured = measured;
    this.client = client;
    this.stats = stats;
    this.next = next;
  }

  @Override
  public String name() {
    return name;
  }

  /** Session attribute: the {@code System.nanoTime()} an open model scheduled this request for. */
  static final String INTENDED_NANOS = "tokenload.intendedNanos";

  /**
   * Session attribute: when this user's previous response ended, which is when a closed model's
   * user is ready for its next request. The client's own work in between (recording, the next body,
   * the event loop's queue) is then send lag, not hidden.
   */
  static final String READY_NANOS = "tokenload.readyNanos";

  @Override
  public void execute(Session session) {
    long intended =
        session.contains(INTENDED_NANOS)
            ? (Long) session.attributes().apply(INTENDED_NANOS)
            : session.contains(READY_NANOS)
                ? (Long) session.attributes().apply(READY_NANOS)
                : System.nanoTime();
    if (admission == null) {
      send(session, intended);
    } else {
      admission.enter(() -> session.eventLoop().execute(() -> send(session, intended)));
    }
  }

  private void send(Session session, long intended) {
    String requestId = run.nextRequestId();
    var cell = requests.cell();
    if (run.stopped()) {
      // Ctrl-C or SIGTERM: Gatling goes on while the run writes its outputs; the server is spared.
      fail(session, requestId, intended, cell.inputTokens(), cell.outputTokens(), "run stopped");
      return;
    }
    RequestFactory.Planned planned;
    try {
      planned = requests.plan(index.getAndIncrement(), requestId);
    } catch (RuntimeException e) {
      // A prompt that cannot be made (say, not exact in the tokenizer) fails this request only.
      fail(
          session,
          requestId,
          intended,
          cell.inputTokens(),
          cell.outputTokens(),
          "no request built: " + e.getMessage());
      return;
    }
    // The first few measured requests of a cell keep their text for samples/<cell>.jsonl.
    boolean sampled = measured && run.samples().take(cell.name());
    if (measured) {
      run.sending();
    }
    new Attempts(session, requestId, intended, planned, sampled).send();
  }

  /**
   * The attempts of one request: the first, and those {@link RetryPolicy} sends again after a
   * failure that may pass. The last one's record, with the earlier ones in it and its times counted
   * from the first send, is the request's.
   */
  private final class Attempts {
    private final Session session;
    private final String requestId;
    private final long intended;
    private final RequestFactory.Planned planned;
    private final boolean sampled;
    private final List<RequestRecord.Attempt> earlier = new ArrayList<>();
    private int attempt;
    private long firstSentNanos = -1;

    Attempts(
        Session session,
        String requestId,
        long intended,
        RequestFactory.Planned planned,
        boolean sampled) {
      this.session = session;
      this.requestId = requestId;
      this.intended = intended;
      this.planned = planned;
      this.sampled = sampled;
    }

    void send() {
      attempt++;
      RecordingListener[] listener = new RecordingListener[1];
      listener[0] =
          new RecordingListener(
              asked(
                  requestId,
                  intended,
                  planned.promptTokensAsked(),
                  planned.outputTokensAsked(),
                  sampled),
              (record, transcript) -> ended(record, transcript, listener[0].retryAfter()));
      try {
        client.send(planned.request(), session.eventLoop(), listener[0]);
      } catch (RuntimeException e) {
        listener[0].onFailure(System.nanoTime(), "not sent: " + e.getMessage());
      }
    }

    private void ended(RequestRecord record, Transcript transcript, String retryAfter) {
      if (firstSentNanos < 0) {
        firstSentNanos = record.sentNanos();
      }
      if (run.retry().retries(record, attempt) && !run.stopped()) {
        earlier.add(record.asAttempt(firstSentNanos));
        Duration wait = run.retry().wait(attempt, retryAfter, ZonedDateTime.now());
        session.eventLoop().schedule(this::send, wait.toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
      RequestRecord last =
          earlier.isEmpty() ? record : record.afterRetries(firstSentNanos, earlier);
      if (sampled) {
        run.samples().writeLater(requests.cell().name(), planned.prompt(), transcript, last);
      }
      complete(session, last);
    }
  }

  private RecordingListener.Asked asked(
      String requestId, long intended, int promptTokens, int outputTokens, boolean keepText) {
    return requests.asked(
        requestId,
        requests.cell().name(),
        run.startNanos(),
        intended,
        promptTokens,
        outputTokens,
        run.tokenizer(),
        keepText);
  }

  private void fail(
      Session session,
      String requestId,
      long intended,
      int promptTokens,
      int outputTokens,
      String why) {
    new RecordingListener(
            asked(requestId, intended, promptTokens, outputTokens, false),
            record -> complete(session, record))
        .onFailure(System.nanoTime(), why);
  }

  private void complete(Session session, RequestRecord measuredRecord) {
    if (admission != null) {
      admission.exit();
    }
    RequestRecord r =
        run.strictLengths() ? LengthCheck.failIfMismatched(measuredRecord) : measuredRecord;
    if (measured) {
      run.record(r);
      StatsBatch.log(this, session, r);
    } else {
      run.recordWarmup(r);
    }
    long ended =
        r.endNanos() >= 0 ? run.startNanos() + r.sentNanos() + r.endNanos() : System.nanoTime();
    Session after = (r.ok() ? session : session.markAsFailed()).set(READY_NANOS, ended);
    if (session.eventLoop().inEventLoop()) {
      next.$bang(after);
    } else {
      session.eventLoop().execute(() -> next.$bang(after));
    }
  }

  /**
   * One request record per request, {@code <cell> e2e} (send to end of stream), so Gatling's global
   * count and percentiles are the requests' own; the time to first token as a group of its own,
   * {@code <cell> ttft} holding no request, which Gatling reports beside them (its duration and its
   * cumulated time are both the TTFT) and keeps out of its global statistics.
   */
  void logToGatling(Session session, RequestRecord r) {
    long sentAbs = run.startNanos() + r.sentNanos();
    long sentMs = run.epochMillis(sentAbs);
    long endMs = run.epochMillis(sentAbs + Math.max(r.endNanos(), 0));
    String cell = requests.cell().name();
    boolean firstToken = r.firstTokenNanos() >= 0;
    // An unstreamed answer (stream=false) has no time to first token: no ttft group.
    if (firstToken || !r.ok()) {
      long firstMs = firstToken ? run.epochMillis(sentAbs + r.firstTokenNanos()) : endMs;
      GroupBlock ttft =
          GroupBlock.apply(
              inside(session.groups(), cell + LogRequest.TTFT_SUFFIX),
              sentMs,
              (int) (firstMs - sentMs),
              firstToken ? OK : KO);
      stats.logGroupEnd(session.scenario(), ttft, firstMs);
    }
    Option<String> code =
        r.httpStatus() == 0 ? Option.empty() : Option.apply(Integer.toString(r.httpStatus()));
    stats.logResponse(
        session.scenario(),
        session.groups(),
        cell + LogRequest.E2E_SUFFIX,
        sentMs,
        endMs,
        r.ok() ? OK : KO,
        code,
        Option.apply(r.error()));
  }

  /** {@code groups} with {@code name} innermost. */
  private static scala.collection.immutable.List<String> inside(
      scala.collection.immutable.List<String> groups, String name) {
    List<String> hierarchy = new ArrayList<>(CollectionConverters.asJava(groups));
    hierarchy.add(name);
    return CollectionConverters.asScala(hierarchy).toList();
  }

  @Override
  public Logger logger() {
    return LOG;
  }
}
