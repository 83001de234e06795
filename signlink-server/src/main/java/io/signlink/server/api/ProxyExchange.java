package io.signlink.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.BiConsumer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * One proxied request and its answer, as {@link ApiProxy} sees them: served by Javalin's route
 * ({@link #of(Context)}) or below Javalin by {@link ProxyHandler}. Belongs to one request thread.
 */
interface ProxyExchange {
  /** The request method, upper case. */
  String method();

  /** A request header, or {@code null}. */
  String header(String name);

  /** Hands {@code to} the first value of each request header {@code allowed} names. */
  default void eachHeader(AllowedHeaders allowed, BiConsumer<String, String> to) {
    for (String name : allowed.names()) {
      String value = header(name);
      if (value != null) {
        to.accept(name, value);
      }
    }
  }

  /** The path after {@code /proxy/}, as the route's {@code <path>} parameter (decoded). */
  String pathRest();

  /** The raw query, or {@code null}. */
  String query();

  /** The request's {@code Content-Length}, or -1 when it sent none. */
  long contentLength();

  /** The request body. */
  InputStream body() throws IOException;

  void status(int status);

  /** Sets (replaces) a response header. */
  void setHeader(String name, String value);

  void contentLength(long length);

  /** The response body; the request's owner ends it. */
  OutputStream output() throws IOException;

  /** Sends {@code body} as the whole response body (its length is already set). */
  default void sendWhole(byte[] body) throws IOException {
    output().write(body);
  }

  /**
   * Ends the caller's connection without a proper end of the response body, so a cut answer is seen
   * as cut: a failed exchange that is not yet committed would instead be answered with an error.
   */
  void abort(IOException why);

  /** The exchange of a request served by Javalin's route. */
  static ProxyExchange of(Context ctx) {
    return new ProxyExchange() {
      @Override
      public String method() {
        return ctx.method().name();
      }

      @Override
      public String header(String name) {
        return ctx.header(name);
      }

      @Override
      public String pathRest() {
        return ctx.pathParam("path");
      }

      @Override
      public String query() {
        return ctx.queryString();
      }

      @Override
      public long contentLength() {
        return ctx.req().getContentLengthLong();
      }

      @Override
      public InputStream body() throws IOException {
        return ctx.req().getInputStream();
      }

      @Override
      public void status(int status) {
        ctx.res().setStatus(status);
      }

      @Override
      public void setHeader(String name, String value) {
        ctx.res().setHeader(name, value);
      }

      @Override
      public void contentLength(long length) {
        ctx.res().setContentLengthLong(length);
      }

      @Override
      public OutputStream output() throws IOException {
        return ctx.res().getOutputStream();
      }

      @Override
      public void abort(IOException why) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request != null) {
          request.getServletChannel().getEndPoint().close(why);
        }
      }
    };
  }
}
