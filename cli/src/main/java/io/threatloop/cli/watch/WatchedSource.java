package io.threatloop.cli.watch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A repository {@code up} watches: a local checkout (the user who runs {@code up} owns it, so a
 * file URL is fine here) or a remote URL, the application its specs belong to, the branch, and
 * the revision its replay starts from (null: the whole history).
 */
public record WatchedSource(String name, String url, String application, String branch, String from) {

    /** The scanner's configuration of this source. */
    public Map<String, String> scannerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        String prefix = "threatloop.scanner.sources." + name + ".";
        properties.put(prefix + "url", url);
        properties.put(prefix + "application", application);
        properties.put(prefix + "branch", branch);
        if (from != null) {
            properties.put(prefix + "from", from);
        }
        return properties;
    }
}
