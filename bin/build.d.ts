/** Builds `<root>/dist` from `<root>/src` when an input is newer than the last build; resolves to whether it built. */
export function buildIfStale(root?: string): Promise<boolean>;
