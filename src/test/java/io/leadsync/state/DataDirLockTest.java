package io.leadsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One leadsync per data directory: the lock, who holds it, and its release. */
class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondLeadsyncIsRefusedNamingTheOneThatHoldsTheDirectory() throws Exception {
        DataDirLock first = DataDirLock.acquire(dir, () -> true);
        first.start();
        try {
            assertThat(Files.readString(dir.resolve(DataDirLock.FILE)))
                    .startsWith("leadsync pid " + ProcessHandle.current().pid() + " on ");
            assertThatThrownBy(() -> DataDirLock.acquire(dir, () -> true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another leadsync (leadsync pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("leadsync.data-dir");
        } finally {
            first.stop();
        }
    }

    @Test
    void theDirectoryIsFreeOnceItsLeadsyncHasStopped() {
        DataDirLock first = DataDirLock.acquire(dir, () -> true);
        first.start();
        first.stop();
        DataDirLock next = DataDirLock.acquire(dir, () -> true);
        next.stop();
        assertThat(dir.resolve(DataDirLock.FILE)).as("never deleted: it names its last holder").exists();
    }

    @Test
    void aHolderThatNoLongerRunsIsTakenOver() {
        // a start-up that failed before its context started: nothing stops its services
        DataDirLock failed = DataDirLock.acquire(dir, () -> false);
        DataDirLock next = DataDirLock.acquire(dir, () -> true);
        next.stop();
        failed.stop();
    }

    @Test
    void theDirectoryIsMadeWhenMissing() {
        Path fresh = dir.resolve("new/data");
        DataDirLock.acquire(fresh, () -> true).stop();
        assertThat(fresh.resolve(DataDirLock.FILE)).exists();
    }
}
