package io.tokenload.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step before a closed cell's measured load that opens as many keep-alive connections as the
 * cell has streams, spread over the client's event loops as Gatling spreads the users. A warm-up of
 * fewer requests than streams (the matrices' default is two) left the rest to the first measured
 * requests, whose send lag then counted opening them: 2 to 4 ms for 24 of 32 streams.
 */
final class Preconnect implements io.gatling.javaapi.core.ActionBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(Preconnect.class);
  private static final com.typesafe.scalalogging.Logger SCALA_LOG =
      com.typesafe.scalalogging.Logger.apply(LOG);

  private final RunContext run;
  private final CellSpec cell;

  Preconnect(RunContext run, CellSpec cell) {
    this.run = run;
    this.cell = cell;
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        return new Step(run.client(ctx), ctx.coreComponents().eventLoopGroup(), next);
      }
    };
  }

  private final class Step implements Action {
    private final StreamClient client;
    private final EventLoopGroup loops;
    private final Action next;

    Step(StreamClient client, EventLoopGroup loops, Action next) {
      this.client = client;
      this.loops = loops;
      this.next = next;
    }

    @Override
    public String name() {
      return "connect for " + cell.name();
    }

    @Override
    public void execute(Session session) {
      List<EventLoop> each = new ArrayList<>();
      for (EventExecutor loop : loops) {
        each.add((EventLoop) loop);
      }
      int streams = Math.min(cell.concurrency(), cell.requests());
      int perLoop = (streams + each.size() - 1) / each.size();
      AtomicInteger left = new AtomicInteger(each.size());
      AtomicLong open = new AtomicLong();
      for (EventLoop loop : each) {
        client.preconnect(
            run.endpoint().requestUri(),
            perLoop,
            loop,
            idle -> {
              open.addAndGet(idle);
              if (left.decrementAndGet() == 0) {
                LOG.debug("{}: {} connections open for {} streams", name(), open.get(), streams);
                session.eventLoop().execute(() -> next.$bang(session));
              }
            });
      }
    }

    @Override
    public com.typesafe.scalalogging.Logger logger() {
      return SCALA_LOG;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(
        com.typesafe.scalalogging.Logger logger) {
      // Scala's trait initialiser would set the field; the logger is a constant here.
    }
  }
}
