// Identifiers and secrets enter Herald through this port (no Math.random in core or app).

/** Makes ids and unguessable tokens. */
export interface IdSource {
  /** A sortable-enough unique id with a readable prefix, e.g. `shp_01j...`. */
  newId(prefix: string): string;
  /** `bytes` of cryptographic randomness, base64url encoded. */
  secretToken(bytes: number): string;
}
