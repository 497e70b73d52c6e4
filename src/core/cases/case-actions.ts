// What people and timers do to a case, as pure functions that return the new record with its
// audit entry: assign, comment, escalate (an SLA breach), resolve with an outcome tied to the
// shipment evidence of the moment. The store saves whatever these return.

import { ConflictError, ValidationError } from '../errors.ts';
import { CASE_OUTCOMES, CASE_PRIORITIES, OWNER_TEAMS, SLA_HOURS, type CaseAction, type CaseOutcome, type CaseRecord, type OwnerTeam } from './case-record.ts';

const HOUR_MS = 3_600_000;

function act(record: CaseRecord, at: string, actor: string, action: CaseAction['action'], detail: string | null): CaseRecord {
  return { ...record, updatedAt: at, history: [...(record.history ?? []), { at, actor, action, detail }] };
}

function open(record: CaseRecord, what: string): void {
  if (record.status !== 'open') throw new ConflictError(`case ${record.id} is resolved (${record.outcome ?? 'no outcome'}); it cannot be ${what}`, { case: record.id });
}

export function assignCase(record: CaseRecord, input: { assignee: string | null; team?: string | undefined }, actor: string, at: string): CaseRecord {
  open(record, 'assigned');
  if (input.team !== undefined && !(OWNER_TEAMS as readonly string[]).includes(input.team)) {
    throw new ValidationError('the team is not valid', [{ field: 'team', reason: `must be one of ${OWNER_TEAMS.join(', ')}` }]);
  }
  const team = (input.team as OwnerTeam | undefined) ?? record.team;
  const detail = `${input.assignee ? `assigned to ${input.assignee}` : 'unassigned'}${team !== record.team ? `, moved from ${record.team} to ${team}` : ''}`;
  return act({ ...record, assignee: input.assignee, team }, at, actor, 'assigned', detail);
}

export function commentOnCase(record: CaseRecord, text: string, actor: string, at: string): CaseRecord {
  if (text.trim() === '') throw new ValidationError('the comment is empty', [{ field: 'text', reason: 'must not be empty' }]);
  return act(record, at, actor, 'commented', text.trim().slice(0, 5_000));
}

/**
 * An SLA breach: one priority up (urgent stays urgent), optionally another team, a new SLA from
 * now at the new priority's hours. Check-at-fire: callers only escalate an open case whose SLA
 * has really passed.
 */
export function escalateCase(record: CaseRecord, input: { team?: OwnerTeam | undefined }, nowMs: number, actor = 'sla'): CaseRecord {
  open(record, 'escalated');
  const at = new Date(nowMs).toISOString();
  const priority = CASE_PRIORITIES[Math.min(CASE_PRIORITIES.length - 1, CASE_PRIORITIES.indexOf(record.priority) + 1)]!;
  const team = input.team ?? record.team;
  const detail = `SLA passed at ${record.slaDueAt ?? 'an unknown time'}: priority ${record.priority} -> ${priority}${team !== record.team ? `, moved from ${record.team} to ${team}` : ''}`;
  return act({ ...record, priority, team, escalations: (record.escalations ?? 0) + 1, slaDueAt: new Date(nowMs + SLA_HOURS[priority] * HOUR_MS).toISOString() }, at, actor, 'escalated', detail);
}

export function resolveCase(
  record: CaseRecord,
  input: { outcome: string; note?: string | null | undefined },
  shipments: readonly { trackingNumber: string; state: string; reason: string | null }[],
  actor: string,
  at: string,
): CaseRecord {
  open(record, 'resolved again');
  if (!(CASE_OUTCOMES as readonly string[]).includes(input.outcome)) {
    throw new ValidationError('the outcome is not valid', [{ field: 'outcome', reason: `must be one of ${CASE_OUTCOMES.join(', ')}` }]);
  }
  const outcome = input.outcome as CaseOutcome;
  const evidence = shipments.map((s) => `${s.trackingNumber} ${s.state}${s.reason ? ` (${s.reason})` : ''}`).join(', ');
  return act(
    { ...record, status: 'resolved', resolvedAt: at, outcome, resolution: { note: input.note ?? null, shipments: [...shipments] } },
    at,
    actor,
    'resolved',
    `${outcome.replace(/_/g, ' ')}${input.note ? `: ${input.note}` : ''}${evidence ? ` [parcels: ${evidence}]` : ''}`,
  );
}
