package io.threatloop.scanner.kubernetes;

import io.threatloop.analysis.spec.SpecException;
import io.threatloop.analysis.spec.SpecNormalizer;
import io.threatloop.contracts.surface.ApiSurface;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads the spec a workload serves itself, so that operations it serves but the repository
 * does not document can be found. Guarded against server-side request forgery: the host is
 * never taken from an annotation (the caller builds it from the Service's own namespace and
 * name), the path must be a plain path, redirects are not followed, and size and time are
 * bounded.
 */
public final class LiveSpecFetcher {

    /** The surface read, or why there is none. */
    public record Result(ApiSurface surface, String problem) {
        static Result problem(String problem) {
            return new Result(null, problem);
        }
    }

    private static final Pattern SAFE_PATH = Pattern.compile("^/[A-Za-z0-9._~/-]{0,200}$");

    private final HttpClient http;
    private final Duration timeout;
    private final int maxBytes;

    public LiveSpecFetcher(Duration timeout, int maxBytes) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** Whether {@code path} is a plain absolute path: no scheme, host, user info, query, {@code ..} or {@code //}. */
    public static boolean safePath(String path) {
        return path != null && SAFE_PATH.matcher(path).matches() && !path.contains("..") && !path.contains("//");
    }

    /** Fetches {@code path} from {@code base} (scheme, host and port built by the caller, never from input). */
    public Result fetch(URI base, String path) {
        if (!safePath(path)) {
            return Result.problem("spec path '" + path + "' refused: only a plain absolute path is allowed");
        }
        URI uri = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json, application/yaml;q=0.9").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return Result.problem("GET " + uri + " answered " + response.statusCode()
                            + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : ""));
                }
                byte[] content = body.readNBytes(maxBytes + 1);
                if (content.length > maxBytes) {
                    return Result.problem("GET " + uri + ": spec larger than " + maxBytes + " bytes");
                }
                return new Result(new SpecNormalizer().normalize(path, content).surface(), null);
            }
        } catch (HttpTimeoutException e) {
            return Result.problem("GET " + uri + " timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Result.problem("GET " + uri + " failed: " + e.getMessage());
        } catch (SpecException e) {
            return Result.problem("GET " + uri + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.problem("interrupted");
        }
    }
}
