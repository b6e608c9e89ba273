package io.tokenload.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoopLagProbeTest {

  @Test
  void aBlockedLoopShowsAsLag() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      LoopLagProbe probe = LoopLagProbe.start(group, 5);
      Thread.sleep(30);
      // Hog the loop for 50 ms: the probe due meanwhile runs about that late.
      group.submit(() -> busyWait(50)).get(5, TimeUnit.SECONDS);
      Thread.sleep(30);
      Histogram lateMicros = probe.stop();
      assertTrue(lateMicros.getTotalCount() >= 3, "probes ran: " + lateMicros.getTotalCount());
      assertTrue(lateMicros.getMaxValue() >= 30_000, "max lag " + lateMicros.getMaxValue() + " us");
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void resetForgetsTheLagBeforeIt() throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      LoopLagProbe probe = LoopLagProbe.start(group, 5);
      group.submit(() -> busyWait(50)).get(5, TimeUnit.SECONDS);
      Thread.sleep(20); // the late probe has run and been recorded
      probe.reset();
      Thread.sleep(40);
      Histogram lateMicros = probe.stop();
      assertTrue(lateMicros.getTotalCount() >= 3, "probes ran: " + lateMicros.getTotalCount());
      assertTrue(lateMicros.getMaxValue() < 30_000, "max lag " + lateMicros.getMaxValue() + " us");
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static void busyWait(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
