package io.tokenload.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * The step before a closed cell's measured load that opens as many keep-alive connections as the
 * cell has streams, spread over the client's event loops as Gatling spreads the users. A warm-up of
 * fewer requests than streams (the matrices' default is two) left the rest to the first measured
 * requests, whose send lag then counted opening them: 2 to 4 ms for 24 of 32 streams.
 */
final class Preconnect implements io.gatling.javaapi.core.ActionBuilder {

  private static final com.typesafe.scalalogging.Logger LOG =
      com.typesafe.scalalogging.Logger.apply(LoggerFactory.getLogger(Preconnect.class));

  private final RunContext run;
  private final CellSpec cell;

  Preconnect(RunContext run, CellSpec cell) {
    this.run = run;
    this.cell = cell;
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return (ctx, next) ->
        new Step(run, cell, run.client(ctx), ctx.coreComponents().eventLoopGroup(), next);
  }

  private record Step(
      RunContext run, CellSpec cell, StreamClient client, EventLoopGroup loops, Action next)
      implements JavaAction {

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
                LOG.underlying()
                    .debug("{}: {} connections open for {} streams", name(), open.get(), streams);
                session.eventLoop().execute(() -> next.$bang(session));
              }
            });
      }
    }

    @Override
    public com.typesafe.scalalogging.Logger logger() {
      return LOG;
    }
  }
}
