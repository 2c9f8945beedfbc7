package io.leadsync.campaign;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.leadsync.sandbox.DeliveryFault;
import io.leadsync.sandbox.Fault;

/** Totals over a campaign's scenarios, printed at the end: what was thrown at the sync and what broke. */
final class CampaignReport {

    private final List<ScenarioResult> results = new ArrayList<>();

    synchronized void add(ScenarioResult result) {
        results.add(result);
    }

    synchronized List<ScenarioResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    synchronized String render(String settings, long wallMillis, String note) {
        Map<Fault, Integer> faults = new EnumMap<>(Fault.class);
        results.forEach(r -> r.faults().forEach((k, v) -> faults.merge(k, v, Integer::sum)));
        Map<String, Long> perPair = results.stream().collect(Collectors.groupingBy(r -> r.spec().pair(),
                java.util.TreeMap::new, Collectors.counting()));
        long jar = results.stream().filter(r -> r.spec().jar()).count();
        int violations = results.stream().mapToInt(r -> r.violations().size()).sum();
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append("==== leadsync fault campaign ====").append(nl);
        out.append("settings:     ").append(settings).append(nl);
        out.append("scenarios:    ").append(results.size()).append(" ").append(perPair).append(", ").append(jar)
                .append(" of them with the fat jar; passed ").append(results.size() - failures().size())
                .append(", failed ").append(failures().size()).append(nl);
        out.append("operations:   ").append(sum(ScenarioResult::operations)).append(" edits by simulated people (")
                .append(sum(ScenarioResult::skipped)).append(" more drawn but skipped: nothing to act on)").append(nl);
        if (sum(ScenarioResult::together) > 0) {
            out.append("together:     ").append(sum(ScenarioResult::together)).append(" times a lead was edited on two "
                    + "sides within a second (two pairs' items moved, or an item moved and its Airtable status set)")
                    .append(nl);
        }
        out.append("faults:       ").append(faults.values().stream().mapToInt(Integer::intValue).sum())
                .append(" injected ").append(faults).append(nl);
        Map<DeliveryFault, Integer> deliveryFaults = new EnumMap<>(DeliveryFault.class);
        results.forEach(r -> r.deliveryFaults().forEach((k, v) -> deliveryFaults.merge(k, v, Integer::sum)));
        if (!deliveryFaults.isEmpty()) {
            out.append("deliveries:   ").append(deliveryFaults.values().stream().mapToInt(Integer::intValue).sum())
                    .append(" webhook deliveries faulted ").append(deliveryFaults).append(nl);
        }
        out.append("restarts:     ").append(sum(ScenarioResult::stops)).append(" graceful stops, ")
                .append(results.stream().filter(r -> !r.spec().jar()).mapToInt(ScenarioResult::crashes).sum())
                .append(" in-process forced stops, ")
                .append(results.stream().filter(r -> r.spec().jar()).mapToInt(ScenarioResult::crashes).sum())
                .append(" kill -9 of the fat jar").append(nl);
        out.append("violations:   ").append(violations).append(nl);
        List<ScenarioResult> inFlight = results.stream().filter(r -> !r.overwrittenInFlight().isEmpty()).toList();
        out.append("in flight:    ").append(inFlight.stream().mapToInt(r -> r.overwrittenInFlight().size()).sum())
                .append(" edit(s) overwritten by a sync write no client can stop: held back by the service past the "
                        + "edit, or sent ms after a read that came just before it (no conditional writes in these "
                        + "APIs; not violations)").append(nl);
        inFlight.forEach(r -> r.overwrittenInFlight().forEach(o -> out.append("              ")
                .append(r.spec().pair()).append(':').append(r.spec().seed()).append(' ').append(o).append(nl)));
        out.append("wall time:    ").append(wallMillis / 1000).append(" s (").append(results.isEmpty() ? 0
                : results.stream().mapToLong(ScenarioResult::millis).sum() / results.size() / 1000.0)
                .append(" s per scenario)").append(nl);
        if (note != null) {
            out.append("note:         ").append(note).append(nl);
        }
        for (ScenarioResult failure : failures()) {
            out.append("failed seed:  ").append(failure.spec().pair()).append(':').append(failure.spec().seed())
                    .append("  replay with: ").append(failure.spec().replayCommand()).append(nl);
        }
        return out.toString();
    }

    private int sum(java.util.function.ToIntFunction<ScenarioResult> f) {
        return results.stream().mapToInt(f).sum();
    }
}
