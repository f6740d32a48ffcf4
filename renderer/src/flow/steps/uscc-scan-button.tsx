import { useEffect, useRef, useState } from 'react';
import { useHost } from '../../host/host-context.js';
import { Icon } from '../../icons/icons.js';
import { useLocalized } from '../../i18n/localize.js';
import { isCancelled } from '../error-text.js';
import { usccFromScan } from './license-values.js';

const WORDS = {
  'zh-CN': { scan: '扫描营业执照二维码', waiting: '请将营业执照上的二维码对准扫码口…', none: '没有识别到统一社会信用代码，请再扫一次或直接输入。', stop: '停止扫码' },
  en: { scan: "Scan the license's QR code", waiting: "Hold the license's QR code to the scanner…", none: 'No unified social credit code was found in the scan; scan again or type it.', stop: 'Stop scanning' },
};

/** "Scan instead of typing" for a `uscc` field: arms the scanner once and fills the field. */
export function UsccScanButton({ onCode }: { onCode(code: string): void }) {
  const { locale } = useLocalized();
  const w = WORDS[locale];
  const host = useHost();
  const [state, setState] = useState<'idle' | 'armed' | 'none'>('idle');
  const ac = useRef<AbortController | null>(null);
  useEffect(() => () => ac.current?.abort(), []);

  const arm = () => {
    ac.current?.abort();
    const c = new AbortController();
    ac.current = c;
    setState('armed');
    host.call('scanner.scan', { timeoutMs: 60_000 }, { signal: c.signal }).then(
      (r) => {
        if (c.signal.aborted) return;
        const code = usccFromScan(r.data);
        setState(code ? 'idle' : 'none');
        if (code) onCode(code);
      },
      (e: unknown) => {
        if (!c.signal.aborted && !isCancelled(e)) setState('none');
      },
    );
  };
  const stop = () => {
    ac.current?.abort();
    setState('idle');
  };

  return (
    <div className="uscc-scan">
      {state === 'armed' ? (
        <>
          <p className="field-hint" role="status" data-testid="uscc-scan-waiting">
            {w.waiting}
          </p>
          <button type="button" className="btn btn-secondary" onClick={stop} data-testid="uscc-scan-stop">
            {w.stop}
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-secondary" onClick={arm} data-testid="uscc-scan">
          <Icon name="qrcode" /> {w.scan}
        </button>
      )}
      {state === 'none' && (
        <p className="field-problem" role="alert" data-testid="uscc-scan-none">
          {w.none}
        </p>
      )}
    </div>
  );
}
