package io.threatloop.sources.fetch;

import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * Lets git over https trust a private certificate authority (an in-house GitLab or Gitea) in
 * addition to the JDK's public ones, for JGit only: the JVM-wide default stays untouched, so
 * Kafka, PostgreSQL and OIDC connections are not affected. Certificate and host name are always
 * verified; JGit's {@code http.sslVerify=false} is deliberately ignored.
 */
public final class TrustedCertificates {

    private TrustedCertificates() {
    }

    /** Installs the trust for every later git fetch; returns how many certificates were added. */
    public static synchronized int trustAlso(Path pemBundle) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jdk-" + index++, ca);
            }
            Collection<? extends Certificate> added;
            try (InputStream in = Files.newInputStream(pemBundle)) {
                added = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (added.isEmpty()) {
                throw new IllegalArgumentException(pemBundle + " holds no PEM certificate");
            }
            index = 0;
            for (Certificate certificate : added) {
                store.setCertificateEntry("extra-" + index++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            HttpTransport.setConnectionFactory(new Factory(factory.getTrustManagers()));
            return added.size();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate authorities in " + pemBundle
                    + ": " + e.getMessage() + " (expected one or more PEM certificates)", e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    private record Factory(TrustManager[] trust) implements HttpConnectionFactory2 {
        private static final JDKHttpConnectionFactory JDK = new JDKHttpConnectionFactory();

        @Override
        public HttpConnection create(URL url) throws IOException {
            return JDK.create(url);
        }

        @Override
        public HttpConnection create(URL url, Proxy proxy) throws IOException {
            return JDK.create(url, proxy);
        }

        @Override
        public GitSession newSession() {
            return new GitSession() {
                @Override
                public HttpConnection configure(HttpConnection connection, boolean sslVerify)
                        throws GeneralSecurityException {
                    if ("https".equals(connection.getURL().getProtocol())) {
                        connection.configure(null, trust, null);
                    }
                    return connection;
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
