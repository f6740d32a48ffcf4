import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../host/host-context.js';
import { HostError } from '../host/client.js';
import { DiagSessionContext, type DiagCall } from './diag-session.js';
import { DiagnosticsScreen } from './diagnostics-screen.js';
import { DIAG_NS, ensureDiagnosticsStrings } from './diagnostics-strings.js';
import { useLongPressOn } from './long-press.js';
import { PinPad } from './pin-pad.js';
import './diagnostics.css';

type Mode = { name: 'closed' } | { name: 'pin'; notice: string | null } | { name: 'open'; token: string };

/**
 * Technician diagnostics: a three-second hold on the header clock opens the PIN pad; the host
 * checks the PIN and gives a session token every diagnostics request carries. Leaving (or an
 * expired session) returns to the attract screen through `onExit`, which wipes the session.
 */
export function DiagnosticsEntry({ onExit }: { onExit(): void }) {
  ensureDiagnosticsStrings();
  const { t } = useTranslation(DIAG_NS);
  const host = useHost();
  const [mode, setMode] = useState<Mode>({ name: 'closed' });
  const open = useCallback(() => setMode((m) => (m.name === 'closed' ? { name: 'pin', notice: null } : m)), []);
  useLongPressOn('.header-clock', open);

  const close = useCallback(() => {
    setMode({ name: 'closed' });
    onExit();
  }, [onExit]);

  if (mode.name === 'closed') return null;
  if (mode.name === 'pin') {
    return <PinPad notice={mode.notice} onEntered={(token) => setMode({ name: 'open', token })} onCancel={() => setMode({ name: 'closed' })} />;
  }
  const token = mode.token;
  const call: DiagCall = (method, params) =>
    host.call(method, { ...params, token } as never).catch((e: unknown) => {
      if (e instanceof HostError && e.code === 'forbidden') setMode({ name: 'pin', notice: t('expired') });
      throw e;
    });
  const leave = () => {
    host.call('diag.exit', { token }).then(close, (e: unknown) => {
      console.error('diag.exit failed', e);
      close();
    });
  };
  return (
    <DiagSessionContext.Provider value={call}>
      <DiagnosticsScreen onLeave={leave} />
    </DiagSessionContext.Provider>
  );
}
