package io.leadsync.dryrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry run's state: a copy of the data directory in a temporary folder, which every state object of the run
 * reads and writes instead of the real one (links, cursors, applied changes, audit, dead letters, holds, the
 * sandbox's own files), deleted when the run stops. So the real data directory stays byte for byte as it was,
 * whatever a start-up or a cycle writes, without a read-only mode in each state class.
 */
public final class StateCopy implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(StateCopy.class);

    private final Path copy;

    private StateCopy(Path copy) {
        this.copy = copy;
    }

    /** Copies {@code dataDir} (if it exists) into a new temporary folder. */
    public static StateCopy of(Path dataDir) {
        try {
            Path copy = Files.createTempDirectory("leadsync-dry-run-");
            if (Files.isDirectory(dataDir)) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    for (Path from : files.toList()) {
                        Path to = copy.resolve(dataDir.relativize(from).toString());
                        if (Files.isDirectory(from)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(from, to);
                        }
                    }
                }
            }
            StateCopy made = new StateCopy(copy);
            // also when start-up fails before the context could stop its services
            Runtime.getRuntime().addShutdownHook(new Thread(made::stop, "leadsync-dry-run-copy"));
            return made;
        } catch (IOException e) {
            throw new IllegalStateException("A dry run cannot copy the data directory " + dataDir.toAbsolutePath()
                    + " to a temporary folder (" + e.getMessage() + "): free some space in "
                    + System.getProperty("java.io.tmpdir") + " or set java.io.tmpdir", e);
        }
    }

    public Path path() {
        return copy;
    }

    @Override
    public void start() {
        // made by of(...): the settings point at it before anything reads them
    }

    /** Deletes the copy (once: the context's stop or the JVM's exit, whichever comes first). */
    @Override
    public synchronized void stop() {
        if (!Files.exists(copy)) {
            return;
        }
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete the dry run's copy of the data directory {} ({}); delete it by hand", copy,
                    e.getMessage());
        }
    }
}
