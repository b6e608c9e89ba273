package io.tokenload.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.gatling.Preflight;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.ClosedLoop;
import io.tokenload.workload.Api;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.RequestFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams over HTTPS against the embedded target serving TLS with a certificate made for the test
 * by the JDK's keytool: the records are as complete as over plain HTTP, and a certificate the
 * client does not trust fails each request with the handshake's reason.
 */
class TlsStreamTest {

  private static final char[] PASSWORD = "tokenload-test".toCharArray();

  @TempDir static Path dir;
  private static KeyStore keys;

  @BeforeAll
  static void makeCertificate() throws Exception {
    Path store = dir.resolve("target.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "target",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("keytool.log").toFile())
            .start();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
    assertEquals(0, keytool.exitValue(), Files.readString(dir.resolve("keytool.log")));
    keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
  }

  private static SSLContext serverContext() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext trustingTheTarget() throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static List<RequestRecord> stream(TargetServer server, StreamClient client, int n)
      throws Exception {
    Endpoint endpoint =
        new Endpoint(
            server.baseUri(),
            Api.CHAT,
            Flavour.VLLM,
            "tokenload-sim",
            Optional.empty(),
            Duration.ofSeconds(10));
    return ClosedLoop.run(
        client, new RequestFactory(endpoint, CellSpec.of(16, 24, 2, n, 3)), 2, n, 60);
  }

  @Test
  void streamsOverHttpsAsOverHttp() throws Exception {
    try (TargetServer server =
            TargetServer.start(
                TargetSettings.defaults()
                    .withTls(serverContext())
                    .withTimeToFirstToken(Duration.ofMillis(20))
                    .withInterTokenLatency(Duration.ofMillis(5)));
        StreamClient client = StreamClient.create(1, trustingTheTarget())) {
      assertEquals("https", server.baseUri().getScheme());

      List<RequestRecord> records = stream(server, client, 6);
      assertEquals(6, records.size());
      for (RequestRecord r : records) {
        assertTrue(r.ok(), r.error());
        assertEquals(200, r.httpStatus());
        assertEquals(24, r.outputTokens());
        assertEquals(24, r.chunkNanos().length);
        assertTrue(r.firstTokenNanos() > 0 && r.firstTokenNanos() <= r.endNanos());
        assertNotNull(r.responseId());
      }
      // Arrivals are stamped per TLS record read, not per batch: 5 ms apart, the chunks of the
      // last request (the JIT warm by then) arrive at distinct times.
      long[] last = records.get(records.size() - 1).chunkNanos();
      assertTrue(Arrays.stream(last).distinct().count() >= last.length - 2, Arrays.toString(last));
    }
  }

  @Test
  void anUntrustedCertificateFailsEachRequestWithTheReason() throws Exception {
    try (TargetServer server =
            TargetServer.start(TargetSettings.defaults().withTls(serverContext()));
        StreamClient client = StreamClient.create(1)) { // the JVM's CAs: the test's is not one
      List<RequestRecord> records = stream(server, client, 2);
      assertEquals(2, records.size());
      for (RequestRecord r : records) {
        assertFalse(r.ok());
        assertTrue(
            r.error()
                .startsWith("TLS handshake with https://127.0.0.1:" + server.port() + " failed"),
            r.error());
      }
    }
  }

  @Test
  void thePreflightNamesTheTrustStoreWhenTheCertificateIsNotTrusted() throws Exception {
    try (TargetServer server =
        TargetServer.start(TargetSettings.defaults().withTls(serverContext()))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Preflight.resolveModel(server.baseUri(), "", Optional.empty()));
      assertTrue(e.getMessage().contains("failed the TLS handshake"), e.getMessage());
      assertTrue(e.getMessage().contains("-Djavax.net.ssl.trustStore="), e.getMessage());
    }
  }
}
