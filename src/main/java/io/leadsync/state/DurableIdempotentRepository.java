package io.leadsync.state;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The idempotent-consumer store behind every push: keys that identify a change already applied.
 * Unlike Camel's FileIdempotentRepository it fsyncs each added key, survives a torn last line and
 * removes/truncates by an atomic rewrite, so neither {@code kill -9} nor a crash mid-compaction loses keys.
 * Oldest keys are dropped beyond {@code maxKeys}: a change key embeds the source's modification time, so a
 * key that old can no longer come back.
 */
public final class DurableIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    /** Set on the exchange by the push route's last step once its change was applied; see {@link #add}. */
    public static final String APPLIED = "leadsyncApplied";

    private final Journal journal;
    private final int maxKeys;
    private final Set<String> keys = new LinkedHashSet<>();
    /** Read at the first question, and again at the first after a {@link #reload()}. */
    private final ReadOnNextUse readLater = new ReadOnNextUse(this::read);

    public DurableIdempotentRepository(String dataDir, int maxKeys) {
        this(new FileStateStorage(dataDir), maxKeys);
    }

    public DurableIdempotentRepository(StateStorage storage, int maxKeys) {
        this.journal = storage.journal("applied-changes.log");
        this.maxKeys = maxKeys;
        readLater.reload();
    }

    private void read() {
        keys.clear();
        keys.addAll(journal.load());
    }

    /**
     * Forgets what memory holds; the next question reads the keys again: with shared state, another node applied
     * changes of the pairs it led (a node reads them when it takes the lead of a pair).
     */
    public synchronized void reload() {
        readLater.reload();
    }

    @Override
    public synchronized boolean add(String key) {
        readLater.fresh();
        if (!keys.add(key)) {
            return false;
        }
        journal.append(key);
        if (keys.size() > maxKeys + maxKeys / 4) {
            rewriteStored(null);
        }
        return true;
    }

    /**
     * Rewrites the keys as stored, less {@code removed}, the newest {@code maxKeys} kept, and takes them as its own:
     * from the storage rather than from memory, because other nodes append to it too (leadsync.state=postgresql).
     */
    private void rewriteStored(String removed) {
        Set<String> stored = new LinkedHashSet<>(journal.load());
        stored.remove(removed);
        var it = stored.iterator();
        while (stored.size() > maxKeys) {
            it.next();
            it.remove();
        }
        journal.rewrite(stored);
        keys.clear();
        keys.addAll(stored);
    }

    /**
     * What the idempotent consumer calls when its exchange completed without a failure. Campaign seed clickup:180
     * found a move's key recorded after forced stops although the writer never reached it (no intent journaled,
     * nothing dead-lettered), so every later plan of that move was skipped as a duplicate. Only a change the
     * push route marked as applied is recorded, whatever path the exchange took to completion.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        return Boolean.TRUE.equals(exchange.getProperty(APPLIED, Boolean.class)) && add(key);
    }

    @Override
    public synchronized boolean contains(String key) {
        readLater.fresh();
        return keys.contains(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        readLater.fresh();
        if (!keys.remove(key)) {
            return false;
        }
        rewriteStored(key);
        return true;
    }

    @Override
    public synchronized boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        keys.clear();
        journal.rewrite(List.of());
    }

    public synchronized int size() {
        readLater.fresh();
        return keys.size();
    }

    @Override
    protected synchronized void doStart() {
        readLater.fresh();
    }

    @Override
    protected synchronized void doStop() {
        journal.close();
    }
}
