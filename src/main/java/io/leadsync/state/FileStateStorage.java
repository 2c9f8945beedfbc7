package io.leadsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** The state as files under the data directory, one file per journal (leadsync.state=files, the default). */
public final class FileStateStorage implements StateStorage {

    private final Path dir;

    public FileStateStorage(String dataDir) {
        this.dir = Path.of(dataDir);
    }

    @Override
    public Journal journal(String name) {
        return new FileJournal(dir.resolve(name));
    }

    @Override
    public List<String> journals() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /** Deletes the files, and the temp files a compaction may have left beside them. */
    @Override
    public List<String> delete(Collection<String> names) {
        List<String> deleted = new ArrayList<>();
        for (String name : names) {
            for (Path file : List.of(dir.resolve(name), dir.resolve(name + ".tmp"))) {
                try {
                    if (Files.deleteIfExists(file)) {
                        deleted.add(file.toString());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete " + file, e);
                }
            }
        }
        return deleted;
    }

    @Override
    public String describe() {
        return dir.toAbsolutePath().toString();
    }

    @Override
    public void close() {
        // every journal closes its own file
    }
}
