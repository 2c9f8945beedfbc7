package io.leadsync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A copy of the project's routes/ in a temporary directory, for tests that edit a route or a mapping. */
public final class RoutesCopy {

    private final Path dir;

    private RoutesCopy(Path dir) {
        this.dir = dir;
    }

    public static RoutesCopy of(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return new RoutesCopy(dir);
    }

    /** Rewrites one file, failing if the text to replace is not there. */
    public RoutesCopy replace(String file, String from, String to) throws IOException {
        Path path = dir.resolve(file);
        String content = Files.readString(path);
        if (!content.contains(from)) {
            throw new IllegalArgumentException(file + " does not contain " + from);
        }
        // written aside and moved into place, as editors save: the reload watcher never sees a half-written file
        Path written = Files.writeString(dir.resolve("." + file + ".tmp"), content.replace(from, to));
        Files.move(written, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return this;
    }
}
