package io.leadsync.dashboard;

import io.leadsync.sync.CycleCadence;
import io.leadsync.sync.SyncPair;

/**
 * A pair as the dashboard sees and steers it: what it connects, its runtime (connected, its safety rail, its
 * cycle) and its cadence (pause, resume, sync now).
 *
 * @param describes what it connects ("table 'Leads' and Trello board 'Sales' (ids into 'Sales Card')")
 */
public record PairControls(String name, String tracker, String describes, boolean enabled, SyncPair sync,
                           CycleCadence cadence) {
}
