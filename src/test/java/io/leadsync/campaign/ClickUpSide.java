package io.leadsync.campaign;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.leadsync.support.Sandboxes;

/** The ClickUp list "Leads Work" through the emulator's Java API. */
final class ClickUpSide implements TrackerSide {

    private final Sandboxes sandboxes;
    private final AtomicInteger deleted = new AtomicInteger();

    ClickUpSide(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public String pair() {
        return "clickup";
    }

    @Override
    public String kind() {
        return "clickup";
    }

    @Override
    public String place() {
        return "Leads Work";
    }

    @Override
    public String linkField() {
        return "ClickUp Task ID";
    }

    @Override
    public List<String> buckets() {
        return List.of("to do", "in progress", "complete");
    }

    @Override
    public List<Item> items() {
        return sandboxes.clickup.tasks().stream().filter(t -> Sandboxes.recordIdIn(t.description()) != null)
                .map(t -> new Item(t.id(), Sandboxes.recordIdIn(t.description()), t.name(), t.description(),
                        t.status(), t.archived())).toList();
    }

    /** ClickUp keeps no log of creations: the tasks there are plus the ones people deleted. */
    @Override
    public int created() {
        return sandboxes.clickup.tasks().size() + deleted.get();
    }

    @Override
    public void move(String itemId, String bucket) {
        sandboxes.clickup.setStatus(itemId, bucket);
    }

    @Override
    public void archive(String itemId, boolean archived) {
        sandboxes.clickup.archiveTask(itemId, archived);
    }

    @Override
    public void delete(String itemId) {
        sandboxes.clickup.deleteTask(itemId);
        deleted.incrementAndGet();
    }

    @Override
    public void rename(String itemId, String name) {
        sandboxes.clickup.renameTask(itemId, name);
    }

    @Override
    public io.leadsync.sandbox.EmulatorServer service() {
        return sandboxes.clickup;
    }

    @Override
    public <T> T locked(Supplier<T> action) {
        return sandboxes.clickup.withState(action);
    }
}
