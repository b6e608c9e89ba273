package io.tokenload.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 for the transport's edge cases: each
 * request on each connection is answered by a {@link Script} writing raw bytes, so a test can send
 * what no well-behaved server would (headers a byte at a time, a stream held open after {@code
 * [DONE]}, an endless line). Connections are kept open for further requests until the script
 * returns false or the client closes.
 */
public final class ScriptedServer implements AutoCloseable {

  /** Answers one request by writing to {@code out}; returns whether the connection stays open. */
  @FunctionalInterface
  public interface Script {
    boolean answer(String requestHead, String requestBody, OutputStream out) throws Exception;
  }

  private final ServerSocket socket;
  private final Script script;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private ScriptedServer(Script script) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    Thread acceptor = new Thread(this::acceptLoop, "scripted-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static ScriptedServer start(Script script) throws IOException {
    return new ScriptedServer(script);
  }

  /** {@code http://127.0.0.1:<port>} */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** The connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** The request bodies received so far, in order. */
  public List<String> bodies() {
    return List.copyOf(bodies);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = socket.accept();
        connections.incrementAndGet();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-server-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String body = new String(in.readNBytes(contentLength(head)), UTF_8);
        bodies.add(body);
        if (!script.answer(head, body, out)) {
          return;
        }
      }
    } catch (Exception e) {
      // the client went away, or the test closed the server: nothing to report
    } finally {
      open.remove(s);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(UTF_8);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }

  // What scripts write.

  /** A status line and headers ending the head; {@code headers} are full lines without CRLF. */
  public static void head(OutputStream out, String status, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    out.write(sb.append("\r\n").toString().getBytes(UTF_8));
    out.flush();
  }

  /** The head of a chunked event stream. */
  public static void streamHead(OutputStream out) throws IOException {
    head(out, "200 OK", "Content-Type: text/event-stream", "Transfer-Encoding: chunked");
  }

  /** One HTTP chunk holding {@code text}. */
  public static void chunk(OutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(UTF_8);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(UTF_8));
    out.write(bytes);
    out.write("\r\n".getBytes(UTF_8));
    out.flush();
  }

  /** The last, empty HTTP chunk: the response is over. */
  public static void endChunks(OutputStream out) throws IOException {
    out.write("0\r\n\r\n".getBytes(UTF_8));
    out.flush();
  }

  /** A chat delta event carrying {@code content}, without usage. */
  public static String contentEvent(String content) {
    return "data: {\"id\":\"r1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"}}]}\n\n";
  }

  public static final String DONE_EVENT = "data: [DONE]\n\n";

  /** A response with a fixed-length body. */
  public static void whole(OutputStream out, String status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    head(out, status, "Content-Type: " + contentType, "Content-Length: " + bytes.length);
    out.write(bytes);
    out.flush();
  }
}
