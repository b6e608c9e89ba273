package io.tokenload.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend of one's own: the example of {@code docs/backends.md}, compiled here into a separate
 * jar, is found by {@link java.util.ServiceLoader} in the {@code backends/} folder and reads its
 * protocol's stream. The example is taken from the docs, so the docs cannot show code that does not
 * work.
 */
class OwnBackendJarTest {

  @TempDir Path dir;

  @Test
  void aBackendInASeparateJarIsLoadedByNameAndReadsItsStream() throws Exception {
    Path jar = buildJar(exampleFromDocs());

    ClassLoader loader = Backends.withJars(jar.getParent());
    Backend backend = Backends.named("llamacpp", "-Dbackend", loader);

    assertEquals("example.LlamaCppBackend", backend.getClass().getName());
    assertEquals(
        URI.create("http://h:8080/completion"),
        backend.requestUri(URI.create("http://h:8080"), "m", true));
    RequestRecord r =
        Replay.of(
                backend,
                "text/event-stream",
                "data: {\"content\":\"Hello\",\"stop\":false}\n\n"
                    + "data: {\"content\":\" world\",\"stop\":false}\n\n"
                    + "data: {\"content\":\"\",\"stop\":true,\"stop_type\":\"limit\","
                    + "\"tokens_evaluated\":4,\"tokens_predicted\":2}\n\n")
            .record();
    assertTrue(r.ok(), String.valueOf(r.error()));
    assertEquals(2, r.outputTokens());
    assertEquals(4, r.promptTokens());
  }

  /** The {@code java} block under "Your own backend" in docs/backends.md. */
  private static String exampleFromDocs() throws IOException {
    String doc = Files.readString(Path.of("docs/backends.md"));
    int section = doc.indexOf("## Your own backend");
    int start = doc.indexOf("```java\n", section) + "```java\n".length();
    return doc.substring(start, doc.indexOf("```", start));
  }

  private Path buildJar(String source) throws IOException {
    Path src = dir.resolve("src/example/LlamaCppBackend.java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    String classpath =
        String.join(
            java.io.File.pathSeparator,
            location(Backend.class),
            location(com.fasterxml.jackson.databind.JsonNode.class),
            location(com.fasterxml.jackson.core.JsonParser.class));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code =
        javac.run(null, null, null, "-cp", classpath, "-d", classes.toString(), src.toString());
    assertEquals(0, code, "the docs' example compiles");

    Path jar = dir.resolve("backends/llamacpp-backend.jar");
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        add(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
      add(
          out,
          "META-INF/services/io.tokenload.backend.Backend",
          "example.LlamaCppBackend\n".getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    ((OutputStream) out).write(bytes);
    out.closeEntry();
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
