package io.threatloop.contracts.observation;

import java.time.Instant;

/**
 * Where an observation came from: for git, the repository, commit id, file path, author and
 * commit time. Never holds credentials: {@code repository} is the URL without user info.
 */
public record SourceRef(String kind, String repository, String revision, String path, String author,
                        Instant committedAt) {
}
