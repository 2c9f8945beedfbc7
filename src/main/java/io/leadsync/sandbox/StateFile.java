package io.leadsync.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An emulator's data saved as one JSON document, replaced whole and atomically (temp file, fsync, rename, fsync
 * of the folder): a {@code kill -9} at any moment leaves either the previous or the new content.
 */
final class StateFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private byte[] saved = new byte[0];

    StateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    /** The saved document, or null when there is none yet. */
    JsonNode load() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            saved = Files.readAllBytes(file);
            return JSON.readTree(saved);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the saved sandbox " + file + " (" + e.getMessage()
                    + "); start with leadsync.sandbox.reset=true to start the sandbox afresh", e);
        }
    }

    /** Writes the document unless it is what the file already holds. */
    void save(byte[] content) {
        if (Arrays.equals(content, saved)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // some file systems cannot open folders; the rename itself is still atomic there
            }
            saved = content;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the sandbox to " + file, e);
        }
    }
}
