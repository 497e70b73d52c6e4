// A source that went silent or keeps failing is an operations problem, not a customer's: it opens
// one case for the operations team (the order ref is `source:<name>`, since no order is at fault),
// and a repeat of the signal adds evidence to it until someone resolves it.

import type { CanonicalEvent } from '../core/events/canonical-event.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { StoreTx } from '../core/ports/store.ts';
import { withDefaultSettings } from '../core/settings/store-settings.ts';
import { openCaseWithRisk } from './open-case.ts';

export async function openSourceCases(tx: StoreTx, ids: IdSource, events: readonly CanonicalEvent[], nowMs: number): Promise<void> {
  for (const event of events) {
    const a = event.attributes ?? {};
    const source = String(a['source_name'] ?? 'unknown');
    const summary =
      a['status'] === 'silent'
        ? `No events from ${source} for ${String(a['silentForHours'])} hours (the last one at ${String(a['lastEventAt'])}). Check the webhook in ${source} and its secret in Herald.`
        : `${String(a['failures'])} of the last hour's ${source} webhooks failed (bad signature or unreadable payload). Check the secret and the quarantine.`;
    await openCaseWithRisk(
      tx,
      { id: ids.newId('case'), storeId: event.store_id, orderRef: `source:${source}`, reason: 'source_unhealthy', summary, team: 'operations', priority: 'high', slaHours: null, openedBy: 'signal:source.unhealthy', evidence: [{ at: event.occurred_at, kind: 'event', ref: event.id, summary }] },
      withDefaultSettings(null),
      nowMs,
    );
  }
}
