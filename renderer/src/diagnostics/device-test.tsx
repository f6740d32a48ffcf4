import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagDeviceTestResult, DiagTestDevice } from '../../../contracts/diagnostics-protocol.js';
import { HostError } from '../host/client.js';
import { errorText, useDiagCall } from './diag-session.js';
import { DIAG_NS } from './diagnostics-strings.js';

/** Long enough to fetch a card or a code from a pocket; the host bounds it at 120 s. */
const TEST_TIMEOUT_MS = 30_000;

const TESTABLE: readonly string[] = ['receipt-printer', 'idcard-reader', 'scanner'] satisfies DiagTestDevice[];

export function isTestable(kind: string): kind is DiagTestDevice {
  return TESTABLE.includes(kind);
}

type TestState = { k: 'idle' } | { k: 'running'; until: number } | { k: 'done'; r: DiagDeviceTestResult } | { k: 'cancelled' } | { k: 'failed'; message: string };

/**
 * The external test of one device with real media (`diag.deviceTest`): a countdown while the host
 * waits for the card or the scan, a cancel that aborts the request, the outcome in the technician's
 * language. A card shows masked, a scan only its length and symbology.
 */
export function DeviceTest({ device }: { device: DiagTestDevice }) {
  const { t } = useTranslation(DIAG_NS);
  const call = useDiagCall();
  const [state, setState] = useState<TestState>({ k: 'idle' });
  const [now, setNow] = useState(() => Date.now());
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (state.k !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [state.k]);

  const start = () => {
    const ac = new AbortController();
    abort.current = ac;
    setNow(Date.now());
    setState({ k: 'running', until: Date.now() + TEST_TIMEOUT_MS });
    call('diag.deviceTest', { device, timeoutMs: TEST_TIMEOUT_MS }, { signal: ac.signal }).then(
      (r) => setState({ k: 'done', r }),
      (e: unknown) => {
        if (e instanceof HostError && e.code === 'cancelled') setState({ k: 'cancelled' });
        // The code (paper-end, timeout…) is what the manuals and the suggested actions are keyed by.
        else setState({ k: 'failed', message: e instanceof HostError ? `${e.code} — ${e.message}` : errorText(e) });
      },
    );
  };

  const outcome = (r: DiagDeviceTestResult): string => {
    if (r.printed) return t(r.printed.confirmed ? 'deviceTest.printed' : 'deviceTest.printedUnconfirmed', { job: r.printed.jobId, ms: r.ms });
    if (r.card) return t('deviceTest.card', { name: r.card.maskedName, number: r.card.maskedIdNumber, ms: r.ms });
    if (r.scan) return t('deviceTest.scan', { bytes: r.scan.bytes, symbology: r.scan.symbology ?? t('deviceTest.symbologyUnknown'), ms: r.ms });
    return '';
  };

  if (state.k === 'running') {
    return (
      <div className="diag-row" data-testid={`diag-test-${device}`} data-state="running">
        <span>{t(`deviceTest.waiting.${device}`)}</span>
        <b data-testid={`diag-test-countdown-${device}`}>{t('deviceTest.remaining', { s: Math.max(0, Math.ceil((state.until - now) / 1000)) })}</b>
        <button type="button" className="diag-btn" onClick={() => abort.current?.abort()} data-testid={`diag-test-cancel-${device}`}>
          {t('cancel')}
        </button>
      </div>
    );
  }
  return (
    <>
      <button type="button" className="diag-btn" onClick={start} data-testid={`diag-check-${device}-external`}>
        {t('checkExternal')}
      </button>
      {state.k !== 'idle' && (
        <p className={state.k === 'done' ? 'diag-ok' : 'diag-error'} data-testid={`diag-test-${device}`} data-state={state.k}>
          {state.k === 'done' ? outcome(state.r) : state.k === 'cancelled' ? t('deviceTest.cancelled') : t('deviceTest.failed', { message: state.message })}
        </p>
      )}
    </>
  );
}
