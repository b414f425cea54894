import type { Pack } from '../core/pack.js';

/** How the pack's scenes look up one record by id (the manifest's `lookup`). */
export type LookupSpec = NonNullable<Pack['lookup']>;

/**
 * The id a presenter typed, as the pack writes its ids: cased, a bare number padded into the
 * pack's numbered form (123 is CUST000123); null when it cannot be one.
 */
export function lookupId(spec: LookupSpec, typed: string): string | null {
  const text = spec.case === 'upper' ? typed.trim().toUpperCase() : typed.trim().toLowerCase();
  const id = spec.numbered && /^\d+$/.test(text) ? `${spec.numbered.prefix}${text.padStart(spec.numbered.digits, '0')}` : text;
  return new RegExp(spec.pattern, 'i').test(id) ? id : null;
}

/** Whether a scene shows one record the presenter can swap for another (it has the lookup's param). */
export function offersLookup(spec: LookupSpec | null, params: Record<string, unknown>): spec is LookupSpec {
  return spec !== null && spec.param in params;
}
