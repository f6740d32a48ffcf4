import { useState } from 'react';
import type { LicensePrintResult } from '../../../../../contracts/protocol.js';
import { HostError } from '../../../host/client.js';
import { useHost } from '../../../host/host-context.js';
import type { StepProps } from '../../step-props.js';
import type { LICENSE_STRINGS } from './license-strings.js';
import { licenseValueKeys, type LicenseCopy } from './license-values.js';

const PAPER: Record<LicenseCopy, string> = { original: 'A3', duplicate: 'A4' };

type Phase = { k: 'choose' } | { k: 'printing' } | { k: 'done'; result: LicensePrintResult } | { k: 'error'; error: unknown };

/** The license print's state: which copy and how many the registry allows, printing, and what went wrong in words. */
export function useLicensePrint(serviceId: string, lookupStep: string, ctx: StepProps<'license-print'>['ctx'], onBusy: (busy: boolean) => void, s: (typeof LICENSE_STRINGS)[keyof typeof LICENSE_STRINGS]) {
  const host = useHost();
  const keys = licenseValueKeys(lookupStep);
  const uscc = ctx.values[keys.uscc] ?? '';
  const allowed: Record<LicenseCopy, number> = { original: Number(ctx.values[keys.original] ?? 0), duplicate: Number(ctx.values[keys.duplicate] ?? 0) };
  const [copy, setCopy] = useState<LicenseCopy>(allowed.original > 0 ? 'original' : 'duplicate');
  const [copies, setCopies] = useState(1);
  const [phase, setPhase] = useState<Phase>({ k: 'choose' });
  const max = allowed[copy];

  const print = () => {
    setPhase({ k: 'printing' });
    onBusy(true);
    host
      .call('license.print', { serviceId: serviceId, uscc, copy, copies })
      .then(
        (result) => setPhase({ k: 'done', result }),
        (error: unknown) => setPhase({ k: 'error', error }),
      )
      .finally(() => onBusy(false));
  };

  const errorWords = (e: unknown): string => {
    const code = e instanceof HostError ? e.code : null;
    if (code === 'paper-end') return s.paperOut(PAPER[copy]);
    if (code === 'cover-open') return s.coverOpen;
    if (code === 'device-offline' || code === 'busy') return s.offline;
    if (code === 'stock-unregistered') return s.stockSerial;
    return s.failed;
  };

  return { allowed, copy, setCopy, copies, setCopies, phase, setPhase, max, print, errorWords };
}
