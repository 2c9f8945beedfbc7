package io.leadsync.campaign;

import java.util.List;
import java.util.Map;

import io.leadsync.sandbox.DeliveryFault;
import io.leadsync.sandbox.Fault;

/**
 * The outcome of one scenario: what was done to it and what the invariants found.
 *
 * @param overwrittenInFlight edits a write held back by the service overwrote (reported apart, see {@link Invariants})
 * @param together            with several pairs: how many times both of two edits of one lead on two sides within a
 *                            second were made
 * @param stateLog            the lines of the sync's state files (links, status origins, audit) about the records
 *                            of the violations, as the scenario left them
 * @param syncLog             the sync's log lines about those records (each node's, with two)
 */
record ScenarioResult(Scenario.Spec spec, int operations, int skipped, int together, Map<Fault, Integer> faults,
                      Map<DeliveryFault, Integer> deliveryFaults, int stops,
                      int crashes, String crashKind, List<String> violations, List<String> overwrittenInFlight,
                      String opLog, String stateLog, String syncLog, long millis) {

    boolean passed() {
        return violations.isEmpty();
    }

    /** How to see this scenario again, and what went wrong. */
    String failureReport() {
        return "FAILED " + spec + System.lineSeparator()
                + "  replay: " + spec.replayCommand() + System.lineSeparator()
                + "  violations:" + System.lineSeparator() + "    " + String.join(System.lineSeparator() + "    ", violations)
                + System.lineSeparator() + "  operation log:" + System.lineSeparator() + opLog.indent(4)
                + "  the sync's log about those records:" + System.lineSeparator() + syncLog.indent(4)
                + "  the sync's state about those records:" + System.lineSeparator() + stateLog.indent(4);
    }
}
