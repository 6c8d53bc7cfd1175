package io.hexhttp.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.stream.ChunkedFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

/**
 * The reference: Netty 4.2 with native epoll, one event loop, serving {@code /} and {@code
 * /echo/{text}} (gzip when accepted), flushing once per read batch. {@code NettyServer PORT
 * [CERT.pem KEY.pem]}: with the PEM files, HTTPS through the JDK's own TLS ({@code
 * SslProvider.JDK}, TLS 1.3 and 1.2), as hexhttp does it.
 */
public final class NettyServer {
  private NettyServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    SslContext tls =
        args.length < 3
            ? null
            : SslContextBuilder.forServer(new File(args[1]), new File(args[2]))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try {
      new ServerBootstrap()
          .group(group)
          .channel(EpollServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                  }
                  ch.pipeline()
                      .addLast(
                          // the same 32 KiB of head hexhttp accepts
                          new HttpServerCodec(new HttpDecoderConfig().setMaxHeaderSize(32 * 1024)))
                      .addLast(new HttpServerKeepAliveHandler())
                      .addLast(new HttpContentCompressor(0))
                      .addLast(new ChunkedWriteHandler())
                      .addLast(new Handler(tls != null));
                }
              })
          .bind(port)
          .sync();
      System.out.println("netty listening on " + port);
      group.terminationFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }

  private static final class Handler extends SimpleChannelInboundHandler<Object> {
    private static final String FILES = System.getProperty("netty.files");
    private final boolean tls;

    Handler(boolean tls) {
      this.tls = tls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (!(msg instanceof HttpRequest request)) {
        return; // content of a request: nothing to do for these routes
      }
      String uri = request.uri();
      if (FILES != null && uri.startsWith("/files/") && uri.indexOf('/', 7) < 0) {
        sendFile(ctx, request, new File(FILES, uri.substring(7)));
        return;
      }
      FullHttpResponse response;
      if (uri.equals("/")) {
        response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
      } else if (uri.startsWith("/echo/")) {
        ByteBuf body = Unpooled.copiedBuffer(uri.substring(6), StandardCharsets.UTF_8);
        response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
      } else {
        response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
      }
      HttpUtil.setContentLength(response, response.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (keepAlive) {
        ctx.write(response);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** A file as Netty's own file-server example sends it: zero-copy in plain, chunked in TLS. */
    private void sendFile(ChannelHandlerContext ctx, HttpRequest request, File file)
        throws IOException {
      if (!file.isFile()) {
        FullHttpResponse missing =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
        HttpUtil.setContentLength(missing, 0);
        ctx.writeAndFlush(missing);
        return;
      }
      RandomAccessFile raf = new RandomAccessFile(file, "r");
      long length = raf.length();
      DefaultHttpResponse response =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      HttpUtil.setContentLength(response, length);
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
      ctx.write(response);
      ChannelFuture last;
      if (tls) {
        last = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedFile(raf, 0, length, 64 * 1024)));
      } else {
        ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length));
        last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      }
      if (!HttpUtil.isKeepAlive(request)) {
        last.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
