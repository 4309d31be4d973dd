package dev.courtside.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Opens many client connections of one dialect to one server on 127.0.0.1 and measures what
 * they receive. One instance runs in each load generator process, and tests use it in their
 * own process.
 *
 * <p>Connections open with at most {@code maxPending} handshakes in flight, so a burst does
 * not overflow the server's accept backlog. Every wait is bounded by a timeout.
 */
public final class LoadGenerator implements AutoCloseable {

  /** The only host the load generator connects to. */
  public static final String HOST = "127.0.0.1";

  private final Dialect dialect;
  private final int port;
  private final int maxPending;
  private final LoadStats stats = new LoadStats();
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();
  private final Queue<Subscriber> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile CountDownLatch settledAll = new CountDownLatch(0);
  private LoadReport windowStart;

  /**
   * Creates a generator with its own event loop threads.
   *
   * @param threads event loop threads; one is enough for a few thousand connections
   * @param maxPending handshakes in flight at once
   */
  public LoadGenerator(Dialect dialect, int port, int threads, int maxPending) {
    this.dialect = dialect;
    this.port = port;
    this.maxPending = maxPending;
    this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .option(ChannelOption.SO_RCVBUF, 16 * 1024);
    this.windowStart = stats.snapshot();
  }

  /**
   * Opens {@code count} connections, the i-th following {@code channelOf.apply(i)}, and waits
   * until each is ready or failed, at most {@code timeout}.
   *
   * @return the connections open when the wait ended
   */
  public long open(int firstIndex, int count, IntFunction<String> channelOf, Duration timeout)
      throws InterruptedException {
    List<Subscriber> added = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      added.add(new Subscriber(firstIndex + i, channelOf.apply(firstIndex + i)));
    }
    subscribers.addAll(added);
    connectAll(added, timeout);
    return connections();
  }

  /**
   * Closes every connection at once, as a network failure would, and keeps each client's
   * position for {@link #resume}. The closes are not counted as errors.
   */
  public void drop(Duration timeout) throws InterruptedException {
    List<ChannelFuture> closing = new ArrayList<>();
    Channel channel;
    while ((channel = channels.poll()) != null) {
      Channel current = channel;
      LoadConnection connection = current.pipeline().get(LoadConnection.class);
      current.eventLoop().execute(() -> {
        if (connection != null) {
          connection.markDropping();
        }
      });
      closing.add(current.close());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ChannelFuture future : closing) {
      future.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
  }

  /**
   * Reconnects every client at once with its position and waits until each is ready or
   * failed, at most {@code timeout}. A client counts as caught up at its first message
   * published after this call.
   */
  public void resume(Duration timeout) throws InterruptedException {
    long startMicros = stats.nowMicros();
    for (Subscriber subscriber : subscribers) {
      subscriber.resumeStartMicros = startMicros;
    }
    connectAll(subscribers, timeout);
  }

  private void connectAll(List<Subscriber> targets, Duration timeout)
      throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(targets.size());
    settledAll = latch;
    waiting.addAll(targets);
    startWaiting();
    latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void startWaiting() {
    while (true) {
      int now = pending.get();
      if (now >= maxPending) {
        return;
      }
      Subscriber next = waiting.poll();
      if (next == null) {
        return;
      }
      pending.incrementAndGet();
      connect(next);
    }
  }

  private void connect(Subscriber subscriber) {
    CountDownLatch latch = settledAll;
    Runnable onSettled = () -> {
      pending.decrementAndGet();
      latch.countDown();
      startWaiting();
    };
    LoadConnection connection = newConnection(subscriber, onSettled);
    Bootstrap connectionBootstrap = bootstrap.clone().handler(
        new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(connection);
          }
        });
    connectionBootstrap.connect(HOST, port).addListener((ChannelFuture future) -> {
      if (future.isSuccess()) {
        channels.add(future.channel());
      } else {
        stats.errors.increment();
        onSettled.run();
      }
    });
  }

  private LoadConnection newConnection(Subscriber subscriber, Runnable onSettled) {
    String hostHeader = HOST + ":" + port;
    return switch (dialect) {
      case COURTSIDE_WS -> new WebSocketConnection.Courtside(subscriber, stats, hostHeader,
          onSettled);
      case BARE_WS -> new WebSocketConnection.Bare(subscriber, stats, hostHeader, onSettled);
      case SOCKETIO -> new WebSocketConnection.SocketIo(subscriber, stats, hostHeader,
          onSettled);
      case COURTSIDE_SSE -> new HttpConnection.Sse(subscriber, stats, hostHeader, onSettled);
      case COURTSIDE_POLL -> new HttpConnection.Poll(subscriber, stats, hostHeader, onSettled);
    };
  }

  /** Returns the connections open now. */
  public long connections() {
    return stats.opened.sum() - stats.closed.sum();
  }

  /** Returns the data messages received since start, over every connection. */
  public long delivered() {
    return stats.delivered.sum();
  }

  /** Returns the resumed connections that received a live message again, since start. */
  public long caughtUp() {
    return stats.caughtUp.sum();
  }

  /** Starts a measurement window: later reports count from here. */
  public void startWindow() {
    stats.clearSentSeconds();
    windowStart = stats.snapshot();
  }

  /**
   * Returns the messages received since {@link #startWindow()} that were published in
   * {@code [fromSecond, toSecond)}, in epoch seconds of the server's clock.
   */
  public long receivedPublishedIn(long fromSecond, long toSecond) {
    return stats.receivedPublishedIn(fromSecond, toSecond);
  }

  /** Returns what was measured since {@link #startWindow()}, and starts the next window. */
  public LoadReport endWindow() {
    LoadReport now = stats.snapshot();
    LoadReport window = now.since(windowStart);
    windowStart = now;
    return window;
  }

  @Override
  public void close() {
    for (Channel channel : channels) {
      LoadConnection connection = channel.pipeline().get(LoadConnection.class);
      if (connection != null) {
        channel.eventLoop().execute(connection::markDropping);
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10_000);
  }
}
