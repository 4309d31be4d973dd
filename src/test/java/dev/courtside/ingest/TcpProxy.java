package dev.courtside.ingest;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that a test can cut: {@link #cut()} closes every proxied connection
 * and refuses new ones until {@link #restore()}, as when the network to a server fails.
 */
final class TcpProxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  TcpProxy(Vertx vertx, String targetHost, int targetPort) throws Exception {
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
        .connectHandler(inbound -> {
          if (cut) {
            inbound.close();
            return;
          }
          inbound.pause();
          client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed() || cut) {
              inbound.close();
              return;
            }
            NetSocket outbound = connected.result();
            sockets.add(inbound);
            sockets.add(outbound);
            inbound.pipeTo(outbound);
            outbound.pipeTo(inbound);
            inbound.resume();
          });
        });
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  void cut() {
    cut = true;
    for (NetSocket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  void restore() {
    cut = false;
  }

  @Override
  public void close() throws Exception {
    cut();
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.close();
  }
}
