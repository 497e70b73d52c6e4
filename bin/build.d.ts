/** Builds `<root>/dist` from `<root>/src` when any input differs from what the last build was made from; resolves to whether it built. */
export function buildIfStale(root?: string): Promise<boolean>;
