package io.meshlet.benchmarks.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The load benchmark's upstream: three HTTP/1.1 endpoints on loopback, each answering every
 * request with the same fixed body (1 KB by default, like Istio's published tests) and an
 * {@code x-endpoint} header naming the endpoint. Run in its own JVM by {@link ServerProcess}, so
 * the client's CPU time is the client's alone.
 *
 * <p>Why Netty: on this 2-core machine the server shares the CPU with the client and the proxies,
 * so what decides is server CPU per request. Measured with set-up (a) against the three candidates
 * (docs/performance.md, "Choice of server"), Netty on epoll with one event loop used about half
 * the CPU per request of Jetty 12 or the JDK's {@code com.sun.net.httpserver}: the JDK server
 * hands every exchange through its dispatcher and allocates per request (and without
 * {@code sun.net.httpserver.nodelay} it meets delayed ACKs, 40 ms per request), and Jetty runs
 * its generic request pipeline. Here the body is one pre-built buffer written without copying,
 * and responses are flushed once per read batch.
 *
 * <p>Usage: {@code EndpointServer [--payload BYTES] [--threads N] [--ports P1,P2,P3]}. Port 0
 * takes a free port. Prints {@code LISTENING p1 p2 p3} once bound, and exits when standard input
 * closes, so it never outlives the benchmark that started it.
 */
public final class EndpointServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();

  private EndpointServer(EventLoopGroup group) {
    this.group = group;
  }

  /** Starts {@code ports.length} endpoints on 127.0.0.1 (0 = any free port). */
  public static EndpointServer start(int payloadBytes, int threads, int... ports) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    EndpointServer server = new EndpointServer(group);
    byte[] body = new byte[payloadBytes];
    Arrays.fill(body, (byte) 'x');
    ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.directBuffer(payloadBytes).writeBytes(body));
    try {
      for (int i = 0; i < ports.length; i++) {
        ChannelHandler handler = new Endpoint(shared, Integer.toString(i));
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), handler);
              }
            });
        server.channels.add(bootstrap.bind(new InetSocketAddress("127.0.0.1", ports[i])).sync().channel());
      }
    } catch (InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The bound ports, in endpoint order. */
  public int[] ports() {
    return channels.stream().mapToInt(c -> ((InetSocketAddress) c.localAddress()).getPort()).toArray();
  }

  @Override
  public void close() {
    channels.forEach(Channel::close);
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One endpoint; stateless, so one instance serves all its connections. */
  @ChannelHandler.Sharable
  private static final class Endpoint extends SimpleChannelInboundHandler<HttpObject> {
    private final ByteBuf body;
    private final String id;

    Endpoint(ByteBuf body, String id) {
      this.body = body;
      this.id = id;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest request)) {
        return; // request bodies (there are none in this benchmark) are ignored
      }
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          body.duplicate());
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
          .set("x-endpoint", id);
      if (HttpUtil.isKeepAlive(request)) {
        ctx.write(response);
      } else {
        ctx.write(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush(); // one flush per read batch, not per response
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a client that went away mid-request; nothing to report
    }
  }

  /** Entry point of the server JVM; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    int payload = 1024;
    int threads = 1;
    int[] ports = {0, 0, 0};
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--payload" -> payload = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--ports" -> ports = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (EndpointServer server = start(payload, threads, ports)) {
      StringBuilder line = new StringBuilder("LISTENING");
      for (int p : server.ports()) {
        line.append(' ').append(p);
      }
      System.out.println(line);
      System.out.flush();
      drain();
    }
  }

  private static void drain() {
    try {
      while (System.in.read() >= 0) {
        // The parent never writes; EOF means it is gone or done.
      }
    } catch (IOException e) {
      // Treated as EOF.
    }
  }
}
