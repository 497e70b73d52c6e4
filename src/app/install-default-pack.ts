// A new store starts with the default pack enabled (docs/default-pack.md): every workflow in it
// saved as version 1 by `default-pack`. A store that has any workflow is left alone, so an
// operator's edits and disables are never overwritten by an upgrade.

import { ValidationError } from '../core/errors.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import { parseWorkflowText } from '../core/workflows/parse-workflow.ts';

export interface PackFile {
  file: string;
  text: string;
}

/** Install the pack in every store that has no workflow yet; returns the stores it went into. */
export async function installDefaultPack(store: Store, clock: Clock, pack: readonly PackFile[], storeIds?: readonly string[]): Promise<string[]> {
  const parsed = pack.map((file) => ({ file, result: parseWorkflowText(file.file, file.text) }));
  const problems = parsed.flatMap(({ result }) => (result.ok ? [] : result.problems));
  if (problems.length > 0) {
    throw new ValidationError(`the default pack does not validate: ${problems[0]!.file}:${problems[0]!.line} ${problems[0]!.field} ${problems[0]!.reason}`, problems.map((p) => ({ field: `${p.file}:${p.line} ${p.field}`, reason: p.reason })));
  }
  const targets = storeIds ?? (await store.admin.listStores()).map((s) => s.id);
  const installed: string[] = [];
  for (const storeId of targets) {
    if ((await store.admin.listWorkflows(storeId)).length > 0) continue;
    for (const { file, result } of parsed) {
      if (!result.ok) continue;
      await store.admin.saveWorkflowVersion(
        { storeId, workflowId: result.document.id, document: result.document as unknown as Record<string, unknown>, sourceText: file.text, createdAt: isoAt(clock.nowMs()), createdBy: 'default-pack' },
        result.document.enabled ?? true,
      );
    }
    installed.push(storeId);
  }
  return installed;
}
