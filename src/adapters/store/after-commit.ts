// `StoreTx.afterCommit` actions, run by both stores once a transaction has committed.

/** Runs each action in order. An action handles its own errors; one that throws is a bug, reported as uncaught rather than lost. */
export function runActions(actions: readonly (() => void)[]): void {
  for (const action of actions) {
    try {
      action();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
