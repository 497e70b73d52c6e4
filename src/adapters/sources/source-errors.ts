// Errors of the sources area. A payload that passed its signature check but cannot be read is
// authentic data Herald must not lose: the route quarantines it for replay after a fix.

import { HeraldError } from '../../core/errors.ts';

/** An authentic webhook whose payload cannot be turned into events; `field` names what is wrong. */
export class SourceParseError extends HeraldError {
  readonly source: string;
  readonly field: string;

  constructor(source: string, field: string, problem: string, options?: { cause?: unknown }) {
    super('source_parse_failed', `${source} payload: ${field} ${problem}`, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      details: { source, field },
    });
    this.source = source;
    this.field = field;
  }
}
