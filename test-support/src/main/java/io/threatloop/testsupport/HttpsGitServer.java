package io.threatloop.testsupport;

import io.threatloop.runtime.GitRepository;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A real git server speaking the smart HTTP protocol over TLS, bound to 127.0.0.1, serving one
 * repository read-only and only to HTTP basic authentication with the given token as password
 * (as GitHub and GitLab accept tokens). Its certificate is self-signed, made by the JDK's keytool
 * at start; {@link #caCertificate()} is the PEM file a client must trust.
 */
public final class HttpsGitServer implements AutoCloseable {

    private static final String PASSWORD = "threatloop-test";

    private final HttpsServer server;
    private final Repository repository;
    private final Path caCertificate;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private HttpsGitServer(HttpsServer server, Repository repository, Path caCertificate) {
        this.server = server;
        this.repository = repository;
        this.caCertificate = caCertificate;
    }

    /** Serves the repository in {@code repositoryDir} (its .git or a bare one) at {@code /repo.git}. */
    public static HttpsGitServer start(Path repositoryDir, String token, Path workDir) {
        Repository repository;
        try {
            repository = GitRepository.openRepository(repositoryDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the repository to serve, " + repositoryDir, e);
        }
        HttpsGitServer git = new HttpsGitServer(tlsServer(workDir), repository, workDir.resolve("ca.pem"));
        git.server.createContext("/repo.git/", exchange -> git.handle(exchange, token));
        git.server.start();
        return git;
    }

    /**
     * Answers every request with a redirect (302) to the same path and query under {@code target}
     * (a URL ending in {@code /repo.git}), as a moved repository or a hostile server does.
     */
    public static HttpsGitServer redirecting(String target, Path workDir) {
        HttpsGitServer redirect = new HttpsGitServer(tlsServer(workDir), null, workDir.resolve("ca.pem"));
        redirect.server.createContext("/repo.git/", exchange -> {
            try (exchange) {
                String rest = exchange.getRequestURI().getRawPath().substring("/repo.git".length());
                String query = exchange.getRequestURI().getRawQuery();
                exchange.getResponseHeaders().add("Location", target + rest + (query == null ? "" : "?" + query));
                redirect.respond(exchange, exchange.getRequestURI().getPath(), 302);
            }
        });
        redirect.server.start();
        return redirect;
    }

    private static HttpsServer tlsServer(Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path keyStore = workDir.resolve("server.p12");
            Files.deleteIfExists(keyStore);
            keytool("-genkeypair", "-alias", "git", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            Files.writeString(workDir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(store.getCertificate("git").getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return server;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("could not start the https git server", e);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
    }

    /** The same repository under the host name {@code localhost} (which the certificate also names). */
    public String localhostUrl() {
        return "https://localhost:" + server.getAddress().getPort() + "/repo.git";
    }

    /** The server's self-signed certificate, PEM. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** Each request as {@code METHOD path -> status}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange, String token) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            // any user name with the token as password, as the big forges do
            if (authorization == null || !tokenMatches(authorization, token)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"threatloop test git\"");
                respond(exchange, path, 401);
                return;
            }
            if (exchange.getRequestMethod().equals("GET") && path.equals("/repo.git/info/refs")
                    && "service=git-upload-pack".equals(exchange.getRequestURI().getQuery())) {
                exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
                exchange.getResponseHeaders().add("Cache-Control", "no-cache");
                respond(exchange, path, 200);
                OutputStream out = exchange.getResponseBody();
                PacketLineOut packets = new PacketLineOut(out);
                packets.writeString("# service=git-upload-pack\n");
                packets.end();
                UploadPack upload = new UploadPack(repository);
                upload.setBiDirectionalPipe(false);
                upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(packets));
                out.flush();
            } else if (exchange.getRequestMethod().equals("POST") && path.equals("/repo.git/git-upload-pack")) {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
                respond(exchange, path, 200);
                UploadPack upload = new UploadPack(repository);
                upload.setBiDirectionalPipe(false);
                upload.setTimeout(30);
                upload.upload(in, exchange.getResponseBody(), null);
            } else {
                respond(exchange, path, 404); // read-only: no receive-pack, no dumb protocol
            }
        }
    }

    private static boolean tokenMatches(String authorization, String token) {
        if (!authorization.startsWith("Basic ")) {
            return false;
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return decoded.endsWith(":" + token);
    }

    private void respond(HttpExchange exchange, String path, int status) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + path + " -> " + status);
        exchange.sendResponseHeaders(status, status == 200 ? 0 : -1);
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a test certificate", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (repository != null) {
            repository.close();
        }
    }
}
