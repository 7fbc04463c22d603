package io.threatloop.sources.fetch;

import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.util.HttpSupport;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JGit's https connections for one fetch, held to a {@link HostGuard}: each URL (the first and
 * every redirect) is checked before it is opened, and each socket once it is connected, before
 * TLS starts. Trust (a private CA from {@link TrustedCertificates}) still comes from the factory
 * JGit would have used.
 */
final class GuardedConnections implements HttpConnectionFactory2 {

    private final HostGuard guard;
    private final HttpConnectionFactory trust;

    GuardedConnections(HostGuard guard, HttpConnectionFactory trust) {
        this.guard = guard;
        this.trust = trust;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        guard.check(url);
        HttpURLConnection connection = (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
        boolean direct = proxy == null || proxy.type() == Proxy.Type.DIRECT;
        return new Connection((HttpsURLConnection) connection, guard, direct); // check() allowed https only
    }

    @Override
    public GitSession newSession() {
        if (trust instanceof HttpConnectionFactory2 withSessions) {
            return withSessions.newSession();
        }
        return new GitSession() {
            @Override
            public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
                return connection; // sslVerify=false is ignored: certificates are always checked
            }

            @Override
            public void close() {
            }
        };
    }

    /** Refuses a socket connected to an address the guard does not allow; behind a proxy only the name was checked. */
    private record CheckedSockets(SSLSocketFactory tls, HostGuard guard, boolean direct) {

        Socket layered(Socket plain, String host, int port, boolean autoClose) throws IOException {
            if (direct) {
                InetAddress connected = plain.getInetAddress();
                Optional<String> refused = connected == null ? Optional.of("refused a socket that is not connected")
                        : guard.refusal(host, connected);
                if (refused.isPresent()) {
                    plain.close();
                    throw new IOException(refused.get());
                }
            }
            Socket socket = tls.createSocket(plain, host, port, autoClose);
            if (socket instanceof SSLSocket ssl) {
                HttpSupport.configureTLS(ssl);
            }
            return socket;
        }

        SSLSocketFactory factory() {
            return new SSLSocketFactory() {
                @Override
                public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
                    return layered(plain, host, port, autoClose);
                }

                @Override
                public String[] getDefaultCipherSuites() {
                    return tls.getDefaultCipherSuites();
                }

                @Override
                public String[] getSupportedCipherSuites() {
                    return tls.getSupportedCipherSuites();
                }

                // no createSocket(): SocketFactory's refusal of unconnected sockets makes the JDK's
                // https client connect a plain socket itself and layer TLS on it, through the
                // method above, so the connected address is seen; the others check the same way
                @Override
                public Socket createSocket(String host, int port) throws IOException {
                    Socket plain = new Socket();
                    plain.connect(new InetSocketAddress(host, port));
                    return layered(plain, host, port, true);
                }

                @Override
                public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                    return createSocket(host, port);
                }

                @Override
                public Socket createSocket(InetAddress address, int port) throws IOException {
                    return createSocket(address.getHostAddress(), port);
                }

                @Override
                public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
                        throws IOException {
                    return createSocket(address.getHostAddress(), port);
                }
            };
        }
    }

    /** JGit's view of one guarded https request. */
    private static final class Connection implements HttpConnection {
        private final HttpsURLConnection https;
        private final HostGuard guard;
        private final boolean direct;

        Connection(HttpsURLConnection https, HostGuard guard, boolean direct) {
            this.https = https;
            this.guard = guard;
            this.direct = direct;
            https.setSSLSocketFactory(new CheckedSockets(HttpsURLConnection.getDefaultSSLSocketFactory(), guard, direct)
                    .factory());
        }

        @Override
        public void configure(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, random);
            https.setSSLSocketFactory(new CheckedSockets(context.getSocketFactory(), guard, direct).factory());
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier verifier) {
            https.setHostnameVerifier(verifier);
        }

        @Override
        public int getResponseCode() throws IOException {
            return https.getResponseCode();
        }

        @Override
        public URL getURL() {
            return https.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return https.getResponseMessage();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return https.getHeaderFields();
        }

        @Override
        public void setRequestProperty(String key, String value) {
            https.setRequestProperty(key, value);
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            https.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean useCaches) {
            https.setUseCaches(useCaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            https.setConnectTimeout(timeout);
        }

        @Override
        public void setReadTimeout(int timeout) {
            https.setReadTimeout(timeout);
        }

        @Override
        public String getContentType() {
            return https.getContentType();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return https.getInputStream();
        }

        @Override
        public String getHeaderField(String name) {
            return https.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            return https.getHeaderFields().entrySet().stream()
                    .filter(field -> field.getKey() != null && field.getKey().equalsIgnoreCase(name))
                    .flatMap(field -> field.getValue().stream()).toList();
        }

        @Override
        public int getContentLength() {
            return https.getContentLength();
        }

        @Override
        public void setInstanceFollowRedirects(boolean follow) {
            https.setInstanceFollowRedirects(false); // JGit follows them itself, through create(), so each is checked
        }

        @Override
        public void setDoOutput(boolean output) {
            https.setDoOutput(output);
        }

        @Override
        public void setFixedLengthStreamingMode(int length) {
            https.setFixedLengthStreamingMode(length);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return https.getOutputStream();
        }

        @Override
        public void setChunkedStreamingMode(int chunk) {
            https.setChunkedStreamingMode(chunk);
        }

        @Override
        public String getRequestMethod() {
            return https.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return https.usingProxy();
        }

        @Override
        public void connect() throws IOException {
            https.connect();
        }
    }
}
