package io.tokenload.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndQueueTest {

  private final EventLoop loop = new DefaultEventLoop();
  private final EndQueue ends = new EndQueue(loop);
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void endsWaitForTheWorkAtHandAndRunInOrder() throws Exception {
    int pendingRightAfterAdding =
        loop.submit(
                () -> {
                  ends.add(() -> ran.add("first end"));
                  ends.add(() -> ran.add("second end"));
                  loop.execute(() -> ran.add("task already queued"));
                  ran.add("the read that ended both");
                  return ends.size();
                })
            .get(5, TimeUnit.SECONDS);
    loop.schedule(() -> {}, 50, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

    assertEquals(2, pendingRightAfterAdding);
    assertEquals(
        List.of("the read that ended both", "task already queued", "first end", "second end"), ran);
  }

  @Test
  void aFailingEndDoesNotHoldUpTheOthers() throws Exception {
    loop.submit(
            () -> {
              ends.add(
                  () -> {
                    throw new IllegalStateException("listener bug");
                  });
              ends.add(() -> ran.add("next end"));
            })
        .get(5, TimeUnit.SECONDS);
    loop.schedule(() -> {}, 50, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    loop.submit(() -> ends.add(() -> ran.add("a later end"))).get(5, TimeUnit.SECONDS);
    loop.schedule(() -> {}, 50, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

    assertEquals(List.of("next end", "a later end"), ran);
  }

  @Test
  void aLongQueueIsDrainedInSlices() throws Exception {
    int count = 200;
    loop.submit(
            () -> {
              for (int i = 0; i < count; i++) {
                ends.add(EndQueueTest::busyFor100Micros);
              }
              // Runs between two slices, not after all 200 ends (about 20 ms of work).
              loop.schedule(() -> ran.add("pending " + ends.size()), 0, TimeUnit.NANOSECONDS);
            })
        .get(5, TimeUnit.SECONDS);
    loop.schedule(() -> {}, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

    assertEquals(1, ran.size());
    int pending = Integer.parseInt(ran.get(0).substring("pending ".length()));
    assertTrue(pending > 0 && pending < count, ran.get(0));
  }

  private static void busyFor100Micros() {
    long end = System.nanoTime() + 100_000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }
}
