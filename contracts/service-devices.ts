import type { ServiceDefinition } from './service-definition.js';

// Kept apart from the zod schema so the renderer can use it without bundling zod.

/** Devices a service cannot run without, and those it can do without (printing can be skipped). */
export type NeededDevice = 'idcard-reader' | 'scanner' | 'receipt-printer';

/**
 * Which devices a definition needs. `all` must all be online; of `any`, at least one (identify by
 * ID card or QR code); `optional` only degrade the service (an optional receipt).
 */
export function devicesNeeded(d: ServiceDefinition): { all: NeededDevice[]; any: NeededDevice[]; optional: NeededDevice[] } {
  const all = new Set<NeededDevice>();
  const any = new Set<NeededDevice>();
  const optional = new Set<NeededDevice>();
  for (const s of d.steps) {
    if (s.type === 'identify' && s.optional) {
      // The citizen may skip identifying: the readers only add a convenience.
      if (s.method !== 'qr') optional.add('idcard-reader');
      if (s.method !== 'idcard') optional.add('scanner');
    } else if (s.type === 'identify') {
      if (s.method === 'idcard') all.add('idcard-reader');
      else if (s.method === 'qr') all.add('scanner');
      else {
        any.add('idcard-reader');
        any.add('scanner');
      }
    }
    if (s.type === 'print-ticket') all.add('receipt-printer');
    if (s.type === 'print-receipt') (s.optional ? optional : all).add('receipt-printer');
    // The license's own receipt is printed after the license; a receipt fault never stops it.
    if (s.type === 'license-print') optional.add('receipt-printer');
  }
  for (const k of [...all, ...any]) optional.delete(k);
  return { all: [...all], any: [...any], optional: [...optional] };
}
