package io.leadsync.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * A crash-safe line file: appends are fsynced before they return, a torn last line (the process killed
 * mid-write) is ignored on load, and compaction writes a new file beside the old one, fsyncs it and renames
 * it over the old one atomically, so the file is always either the old or the new content, never half of each.
 */
final class FileJournal implements Journal {

    private final Path file;
    private FileChannel channel;

    FileJournal(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return file.toString();
    }

    /**
     * The complete lines in the last {@code maxBytes} of the file, oldest first (a line cut by that limit, and a
     * torn last line, are left out): what an operator's page shows of a file that only grows, without loading it
     * whole on every request.
     */
    @Override
    public synchronized List<String> tail(long maxBytes) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long from = Math.max(0, size - maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && in.read(buffer, from + buffer.position()) >= 0) {
                // read until full
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int start = from == 0 ? 0 : text.indexOf('\n') + 1;
            int end = text.lastIndexOf('\n');
            if (start == 0 && from > 0 || end < start) {
                return List.of();
            }
            return text.substring(start, end).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Moves the file aside (kept for inspection); returns where to. */
    @Override
    public synchronized String moveAside() {
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.currentTimeMillis());
        try {
            closeChannel();
            Files.move(file, aside);
        } catch (IOException io) {
            throw new UncheckedIOException("Cannot move " + file + " aside to " + aside, io);
        }
        return aside.toString();
    }

    /** Every complete line, blank ones included (so that indexes are line numbers - 1). */
    @Override
    public synchronized List<String> numberedLines() {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try {
            // split the raw bytes: a torn tail may end inside a multi-byte character
            byte[] content = Files.readAllBytes(file);
            int start = 0;
            for (int i = 0; i < content.length; i++) {
                if (content[i] == '\n') {
                    lines.add(new String(content, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < content.length) {
                // torn tail: rewrite without it so later appends start on a clean line
                rewrite(lines.stream().filter(l -> !l.isBlank()).toList());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Appends lines and forces them to disk. */
    @Override
    public synchronized void append(Collection<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        try {
            FileChannel ch = channel();
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file, e);
        }
    }

    /** Replaces the whole content atomically (write temp, fsync, rename, fsync directory). */
    @Override
    public synchronized void rewrite(Collection<String> lines) {
        closeChannel();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                StringBuilder sb = new StringBuilder();
                lines.forEach(l -> sb.append(l).append('\n'));
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
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
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite " + file, e);
        }
    }

    @Override
    public synchronized int dropOldest(Predicate<String> expired) {
        List<String> lines = load();
        int dropped = 0;
        while (dropped < lines.size() && expired.test(lines.get(dropped))) {
            dropped++;
        }
        if (dropped > 0) {
            rewrite(lines.subList(dropped, lines.size()));
        }
        return dropped;
    }

    private FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems cannot open directories; the rename itself is still atomic there
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to flush: every append was forced
            }
            channel = null;
        }
    }

    @Override
    public synchronized void close() {
        closeChannel();
    }
}
