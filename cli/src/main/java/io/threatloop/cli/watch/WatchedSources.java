package io.threatloop.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.threatloop.analysis.modelfile.ModelFileReader;
import io.threatloop.sources.RepositoryUrls;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The repositories {@code up} watches: those given with {@code --watch PATH|URL} and those a
 * {@code threatloop.yaml} in the current directory lists, so a team can commit its local set-up:
 *
 * <pre>
 * sources:
 *   - path: ../payments-api        # or url: https://github.com/acme/payments-api.git
 *     application: payments-api    # default: the repository's name
 *     branch: main                 # default: a local checkout's current branch, else main
 *     from: v2.0                   # default: the whole history
 * </pre>
 */
public final class WatchedSources {

    /** The file {@code up} reads in the current directory. */
    public static final String FILE = "threatloop.yaml";

    private WatchedSources() {
    }

    /**
     * The sources of {@code --watch} arguments and of {@code threatloop.yaml} in {@code dir} (if
     * there is one), relative paths taken from {@code dir}.
     *
     * @throws IllegalArgumentException for a path that is not a git repository or a malformed
     *                                  file, naming what to fix
     */
    public static List<WatchedSource> of(List<String> watch, Path dir) throws IOException {
        List<WatchedSource> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String target : watch) {
            sources.add(source(target, null, null, null, dir, names, "--watch " + target));
        }
        Path file = dir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            JsonNode list = root == null ? null : root.get("sources");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException(file + ": expected 'sources:', a list of {path or url, application,"
                        + " branch, from}");
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode entry = list.get(i);
                String at = file.getFileName() + ": sources[" + i + "]";
                for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!Set.of("path", "url", "application", "branch", "from").contains(key)) {
                        throw new IllegalArgumentException(at + ": unknown key '" + key + "'; the keys are path, url,"
                                + " application, branch, from");
                    }
                }
                String target = text(entry, "path") != null ? text(entry, "path") : text(entry, "url");
                if (target == null || (entry.has("path") && entry.has("url"))) {
                    throw new IllegalArgumentException(at + ": give either path or url");
                }
                sources.add(source(target, text(entry, "application"), text(entry, "branch"), text(entry, "from"), dir,
                        names, at));
            }
        }
        return sources;
    }

    private static WatchedSource source(String target, String application, String branch, String from, Path dir,
                                        Set<String> names, String where) throws IOException {
        boolean remote = target.matches("^[a-z][a-z0-9+.-]*://.*") || target.matches("^[^/]+@[^/:]+:.*");
        String url;
        String name;
        if (remote) {
            url = target;
            name = RepositoryUrls.nameOf(target);
        } else {
            Path path = dir.resolve(target).toAbsolutePath().normalize();
            if (!Files.isDirectory(path.resolve(".git"))) {
                throw new IllegalArgumentException(where + ": " + path + " is not a git checkout (no .git in it)");
            }
            url = path.toUri().toString();
            name = path.getFileName().toString();
            if (branch == null) {
                try (Repository repository = new FileRepositoryBuilder().setGitDir(path.resolve(".git").toFile())
                        .setMustExist(true).build()) {
                    branch = repository.getBranch();
                }
            }
        }
        String app = application != null ? application : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (!ModelFileReader.TEAM_NAME.matcher(app).matches()) {
            throw new IllegalArgumentException(where + ": application '" + app + "' must be lower-case letters, digits"
                    + " and '-'");
        }
        String sourceName = app;
        for (int i = 2; !names.add(sourceName); i++) {
            sourceName = app + "-" + i;
        }
        return new WatchedSource(sourceName, url, app, branch == null ? "main" : branch, from);
    }

    private static String text(JsonNode entry, String key) {
        JsonNode value = entry.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
