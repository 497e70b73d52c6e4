// What the dashboard's handlers share: the signed-in user and session on every request, the
// role rules, and the optional simulator (wired by the composition root where one exists).

import type { SessionRecord, UserRecord, UserRole } from '../../core/admin/user-record.ts';
import type { SimulationReport } from '../../app/simulate-workflows.ts';
import type { Context } from 'hono';
import type { HttpDeps } from '../../http/context.ts';
import type { FormFields } from './settings-form.ts';

export interface AdminEnv {
  Variables: { storeId: string; user: UserRecord; session: SessionRecord };
}

/** Replays the store's last `days` of events against one workflow version in a sandbox. */
export type WorkflowSimulator = (input: { storeId: string; workflowId: string; version: number | null; days: number }) => Promise<SimulationReport>;

export type AdminDeps = HttpDeps & {
  /** Absent, the simulate form points to `herald workflows simulate` instead. */
  simulate?: WorkflowSimulator | undefined;
};

/** What each role may do. Reading the dashboard is everyone's; settings and the team are the owner's. */
export const PERMISSIONS = {
  read: ['owner', 'agent', 'viewer'],
  actOnCases: ['owner', 'agent'],
  manageWorkflows: ['owner'],
  replayQuarantine: ['owner'],
  settings: ['owner'],
} as const satisfies Record<string, readonly UserRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function may(user: UserRecord, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(user.role);
}

/** Reads a posted form once per request (the CSRF check and the handler share it). */
export type FormReader = (c: Context<AdminEnv>) => Promise<FormFields>;
