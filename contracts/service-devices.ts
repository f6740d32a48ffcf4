import type { ServiceDefinition } from './service-definition.js';

// Kept apart from the zod schema so the renderer can use it without bundling zod.

/** Devices a service cannot run without, and those it can do without (printing can be skipped). */
export type NeededDevice = 'idcard-reader' | 'scanner' | 'receipt-printer' | 'sscard-reader';

/**
 * Which devices a definition needs. `all` must all be online; of `any`, at least one (identify by
 * ID card or QR code); `optional` only degrade the service (an optional receipt).
 */
export function devicesNeeded(d: ServiceDefinition): { all: NeededDevice[]; any: NeededDevice[]; optional: NeededDevice[] } {
  const all = new Set<NeededDevice>();
  const any = new Set<NeededDevice>();
  const optional = new Set<NeededDevice>();
  for (const s of d.steps) {
    if (s.type === 'identify') {
      const readers = identifyAccepts(s).map((m): NeededDevice => (m === 'idcard' ? 'idcard-reader' : m === 'sscard' ? 'sscard-reader' : 'scanner'));
      // Optional: the citizen may skip identifying, the readers only add a convenience. One way
      // to identify: its reader is needed; several: any one of them will do.
      const into = s.optional ? optional : readers.length === 1 ? all : any;
      for (const r of readers) into.add(r);
    }
    if (s.type === 'print-ticket') all.add('receipt-printer');
    if (s.type === 'print-receipt') (s.optional ? optional : all).add('receipt-printer');
    // The license's own receipt is printed after the license; a receipt fault never stops it.
    if (s.type === 'license-print') optional.add('receipt-printer');
  }
  for (const k of [...all, ...any]) optional.delete(k);
  return { all: [...all], any: [...any], optional: [...optional] };
}

export type IdentifyMeans = 'idcard' | 'sscard' | 'app-qr';

/** What an identify step accepts: its `accept` list, or what its `method` means. */
export function identifyAccepts(step: { method: 'idcard' | 'qr' | 'either'; accept?: IdentifyMeans[] }): IdentifyMeans[] {
  if (step.accept) return [...new Set(step.accept)];
  return step.method === 'qr' ? ['app-qr'] : step.method === 'either' ? ['idcard', 'app-qr'] : ['idcard'];
}
