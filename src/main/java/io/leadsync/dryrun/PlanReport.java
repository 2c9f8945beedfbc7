package io.leadsync.dryrun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.leadsync.change.ArchiveItem;
import io.leadsync.change.Change;
import io.leadsync.change.CreateItem;
import io.leadsync.change.MoveItem;
import io.leadsync.change.SetLeadStatus;
import io.leadsync.change.UpdateContent;
import io.leadsync.change.WriteBackIds;
import io.leadsync.state.Link;
import io.leadsync.sync.Effects;
import io.leadsync.sync.SyncCycle;

/**
 * A planned cycle as a preview (JSON) and as log lines: one summary line per pair, then one line per change and
 * per conflict. Pure: the same plan gives the same text.
 */
public final class PlanReport {

    private PlanReport() {
    }

    /** The plan as the dashboard shows it. */
    public static PlanPreview preview(SyncCycle.Planned planned, String tracker, String reason, Instant made) {
        List<PlanPreview.Entry> creates = new ArrayList<>();
        List<PlanPreview.Entry> moves = new ArrayList<>();
        List<PlanPreview.Entry> archives = new ArrayList<>();
        List<PlanPreview.Entry> airtableWrites = new ArrayList<>();
        List<PlanPreview.Entry> updates = new ArrayList<>();
        for (Change change : planned.effects().changes()) {
            if (change instanceof CreateItem c) {
                creates.add(new PlanPreview.Entry(c.recordId(), null, c.summary()));
            } else if (change instanceof MoveItem m) {
                moves.add(new PlanPreview.Entry(m.recordId(), m.itemId(), m.summary()));
            } else if (change instanceof ArchiveItem a) {
                archives.add(new PlanPreview.Entry(a.recordId(), a.itemId(), a.summary()));
            } else if (change instanceof UpdateContent u) {
                updates.add(new PlanPreview.Entry(u.recordId(), u.itemId(), u.summary()));
            } else if (change instanceof SetLeadStatus s) {
                s.fields().forEach((record, fields) ->
                        airtableWrites.add(new PlanPreview.Entry(record, null, leadWrite(record, fields))));
            } else if (change instanceof WriteBackIds w) {
                w.fields().forEach((record, fields) ->
                        airtableWrites.add(new PlanPreview.Entry(record, null, leadWrite(record, fields))));
            }
        }
        for (Effects.LeadWrite write : planned.effects().leadWrites()) {
            Link next = write.next();
            airtableWrites.add(new PlanPreview.Entry(write.recordId(), next == null ? null : next.itemId(),
                    leadWrite(write.recordId(), write.fields())));
        }
        List<PlanPreview.Entry> conflicts = conflicts(planned).stream()
                .map(c -> new PlanPreview.Entry(c.recordId(), null, conflict(c, tracker))).toList();
        return new PlanPreview(made.toString(), reason, creates, moves, archives, airtableWrites, updates, conflicts);
    }

    /**
     * The log lines: "dry-run trello: would create 50 card(s), move 2, archive 1, update 3, write 4 lead(s) in
     * Airtable, decide 2 conflict(s) (LATEST_WINS: 1 Airtable, 1 Trello); 1 removal(s) would be held by the
     * safety rail", then every change and every conflict.
     */
    public static List<String> lines(SyncCycle.Planned planned, PlanPreview preview, String tracker) {
        return lines(planned, preview, tracker, "dry-run");
    }

    /** As {@link #lines(SyncCycle.Planned, PlanPreview, String)}, the summary line starting with {@code what}. */
    public static List<String> lines(SyncCycle.Planned planned, PlanPreview preview, String tracker, String what) {
        String prefix = what + " " + planned.pair() + ": ";
        String items = "clickup".equals(tracker) ? "task(s)" : "card(s)";
        List<String> lines = new ArrayList<>();
        lines.add(prefix + "would create " + preview.creates().size() + " " + items + ", move "
                + preview.moves().size() + ", archive " + preview.archives().size() + ", update "
                + preview.updates().size() + ", write " + preview.airtableWrites().stream().map(PlanPreview.Entry::record)
                .distinct().count() + " lead(s) in Airtable, decide " + preview.conflicts().size() + " conflict(s)"
                + tally(conflicts(planned), tracker) + "; " + (planned.held() == 0
                ? "no removal would be held by the safety rail"
                : planned.held() + " removal(s) would be held by the safety rail"));
        for (List<PlanPreview.Entry> kind : List.of(preview.creates(), preview.moves(), preview.archives(),
                preview.updates(), preview.airtableWrites(), preview.conflicts())) {
            kind.forEach(e -> lines.add(prefix + "  " + e.summary()));
        }
        return lines;
    }

    private static List<Effects.Conflict> conflicts(SyncCycle.Planned planned) {
        return planned.effects().audit().stream()
                .filter(Effects.Conflict.class::isInstance).map(Effects.Conflict.class::cast).toList();
    }

    /** " (LATEST_WINS: 1 Airtable, 1 Trello)", per rule; empty without conflicts. */
    private static String tally(List<Effects.Conflict> conflicts, String tracker) {
        if (conflicts.isEmpty()) {
            return "";
        }
        Map<String, Map<String, Integer>> byRule = new LinkedHashMap<>();
        conflicts.forEach(c -> byRule.computeIfAbsent(c.policy(), r -> new LinkedHashMap<>())
                .merge(side(c.winner(), tracker), 1, Integer::sum));
        List<String> rules = new ArrayList<>();
        byRule.forEach((rule, wins) -> {
            List<String> sides = new ArrayList<>();
            wins.forEach((side, n) -> sides.add(n + " " + side));
            rules.add(rule + ": " + String.join(", ", sides));
        });
        return " (" + String.join("; ", rules) + ")";
    }

    private static String conflict(Effects.Conflict c, String tracker) {
        return "conflict on lead " + c.recordId() + ", " + c.field() + ": Airtable '" + c.airtableValue() + "', "
                + side("tracker", tracker) + " '" + c.trackerValue() + "' -> " + side(c.winner(), tracker) + " wins ("
                + c.policy() + ")";
    }

    private static String leadWrite(String record, Map<String, Object> fields) {
        return "write lead " + record + " in Airtable: " + fields;
    }

    /** "airtable" or "tracker", as the log names the side: Airtable, Trello, ClickUp. */
    private static String side(String winner, String tracker) {
        if ("airtable".equals(winner)) {
            return "Airtable";
        }
        return "clickup".equals(tracker) ? "ClickUp" : tracker.substring(0, 1).toUpperCase(Locale.ROOT)
                + tracker.substring(1);
    }
}
