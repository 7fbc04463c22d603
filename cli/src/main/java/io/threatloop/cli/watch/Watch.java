package io.threatloop.cli.watch;

import io.threatloop.runtime.RecordedEvent;
import io.threatloop.runtime.TopicRecorder;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code up --watch} shows while it works: each repository's replay advancing (from the
 * scanner's {@code commits_done} / {@code commits_total} metrics), then, once its first scan
 * completed and the pipeline went quiet for it, one line per application with where to look.
 * After that the events print as they come, as for the demo.
 */
public final class Watch implements AutoCloseable {

    private static final Pattern METRIC = Pattern.compile(
            "(?m)^threatloop_scanner_source_(commits_done|commits_total|polls_total)\\{[^}]*source=\"([^\"]+)\"[^}]*} (\\S+)$");
    /** Seconds without a new record for the application after its replay before its summary. */
    private static final int QUIET_SECONDS = 3;

    private final List<WatchedSource> sources;
    private final URI scannerMetrics;
    private final String modelUrl;
    private final String dashboardUrl;
    private final TopicRecorder recorder;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean running = true;

    public Watch(List<WatchedSource> sources, String scannerUrl, String modelUrl, String dashboardUrl,
                 TopicRecorder recorder, PrintStream out) {
        this.sources = List.copyOf(sources);
        this.scannerMetrics = URI.create(scannerUrl + "/q/metrics");
        this.modelUrl = modelUrl;
        this.dashboardUrl = dashboardUrl;
        this.recorder = recorder;
        this.out = out;
        this.thread = new Thread(this::follow, "threatloop-watch");
        this.thread.setDaemon(true);
    }

    public Watch start() {
        sources.forEach(s -> out.printf("watching    %s (%s, branch %s%s) as application %s%n", s.name(), s.url(),
                s.branch(), s.from() == null ? "" : ", from " + s.from(), s.application()));
        thread.start();
        return this;
    }

    private void follow() {
        Map<String, String> shown = new HashMap<>();
        Map<String, Integer> quietFor = new HashMap<>();
        Map<String, Integer> lastCount = new HashMap<>();
        Map<String, Boolean> summarised = new LinkedHashMap<>();
        while (running && summarised.size() < sources.size()) {
            try {
                Map<String, Map<String, Double>> metrics = metrics();
                for (WatchedSource source : sources) {
                    if (summarised.containsKey(source.name())) {
                        continue;
                    }
                    Map<String, Double> of = metrics.getOrDefault(source.name(), Map.of());
                    int done = of.getOrDefault("commits_done", 0.0).intValue();
                    int total = of.getOrDefault("commits_total", 0.0).intValue();
                    boolean replayed = of.getOrDefault("polls_total", 0.0) >= 1;
                    String progress = total == 0 ? null : source.name() + ": replaying " + total + " commits … "
                            + done + "/" + total;
                    if (progress != null && !progress.equals(shown.get(source.name()))) {
                        out.println("            " + progress);
                        shown.put(source.name(), progress);
                    }
                    if (!replayed) {
                        continue;
                    }
                    List<RecordedEvent> records = recorder.matching(r -> r.event() != null
                            && source.application().equals(r.event().data().applicationId()));
                    int quiet = records.size() == lastCount.getOrDefault(source.name(), -1)
                            ? quietFor.merge(source.name(), 1, Integer::sum) : 0;
                    quietFor.put(source.name(), quiet);
                    lastCount.put(source.name(), records.size());
                    if (quiet >= QUIET_SECONDS) {
                        out.println("summary     " + ApplicationSummary.of(source.application(), records).line()
                                + " — " + modelUrl + "/api/models/" + source.application() + ", dashboard "
                                + dashboardUrl);
                        summarised.put(source.name(), true);
                    }
                }
                Thread.sleep(1000); // sampling the scanner's metrics once a second, not waiting for a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException notNow) { // the scanner restarting: the next sample will tell
                continue;
            } catch (Throwable e) { // only the progress display stops; the stack and its events go on
                out.println("watch       progress display stopped (" + e + "); events still print as they come");
                return;
            }
        }
    }

    private Map<String, Map<String, Double>> metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(scannerMetrics)
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Map<String, Double>> bySource = new HashMap<>();
        Matcher matcher = METRIC.matcher(response.body());
        while (matcher.find()) {
            bySource.computeIfAbsent(matcher.group(2), s -> new HashMap<>())
                    .put(matcher.group(1), Double.parseDouble(matcher.group(3)));
        }
        return bySource;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
