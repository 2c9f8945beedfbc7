package io.leadsync.state;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.camel.support.service.ServiceSupport;

/**
 * One leadsync per data directory: an exclusive lock on {@code data/leadsync.lock} (the operating system's file lock,
 * released when the process ends, a kill -9 included), held from start-up until the context has stopped. A second
 * leadsync on the same directory refuses to start, naming the process that holds it: two writers would create every
 * card twice. The file says who holds it (process id, host, since when); it is never deleted. Taking it is also the
 * start-up's check that the directory is writable: every cycle writes state there, so a directory leadsync cannot
 * write to is a start-up error, not a poll error.
 */
public final class DataDirLock extends ServiceSupport {

    /** The lock file's name in the data directory. */
    public static final String FILE = "leadsync.lock";

    /** Within this JVM (tests run several leadsyncs one after another): who holds which directory, and whether it runs. */
    private static final Map<Path, DataDirLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final BooleanSupplier running;

    private DataDirLock(Path file, FileChannel channel, FileLock lock, BooleanSupplier running) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.running = running;
    }

    /**
     * Takes the directory's lock, or throws an {@link IllegalStateException} that says which leadsync holds it.
     *
     * @param running whether the leadsync taking it still runs (a holder in this JVM whose start failed, or that
     *                stopped without releasing, is taken over)
     */
    public static synchronized DataDirLock acquire(Path dataDir, BooleanSupplier running) {
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE);
        DataDirLock holder = HELD.get(file);
        if (holder != null) {
            if (holder.running.getAsBoolean()) {
                throw inUse(file);
            }
            holder.release();
        }
        try {
            Files.createDirectories(file.getParent());
            // a new file, not just the lock file (which may be writable in a directory that is not)
            Files.delete(Files.createTempFile(file.getParent(), ".write-check", ".tmp"));
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw inUse(file);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("leadsync pid " + ProcessHandle.current().pid() + " on "
                    + host() + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            DataDirLock taken = new DataDirLock(file, channel, lock, running);
            HELD.put(file, taken);
            return taken;
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("The data directory " + dataDir.toAbsolutePath() + " is not writable ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): make it writable or set "
                    + "leadsync.data-dir", e);
        }
    }

    private static IllegalStateException inUse(Path file) {
        String who;
        try {
            who = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            who = "";
        }
        return new IllegalStateException("The data directory " + file.getParent() + " is in use by another leadsync"
                + (who.isEmpty() ? "" : " (" + who + ")") + ": stop that one first, or give this one its own "
                + "leadsync.data-dir (two writers on one state would create every card twice)");
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "this host";
    }

    @Override
    protected void doStop() {
        release();
    }

    private synchronized void release() {
        HELD.remove(file, this);
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel, or with the process
        }
    }
}
