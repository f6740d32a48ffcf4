import { lazy, Suspense, useCallback, useState } from 'react';
import { useHost } from '../host/host-context.js';
import { HostError } from '../host/client.js';
import { DiagSessionContext, type DiagCall } from './diag-session.js';
import { useLongPressOn } from './long-press.js';

// Only the gesture listener is in the kiosk's first bundle; the screens load when a technician holds the clock.
const PinPad = lazy(() => import('./pin-pad.js').then((m) => ({ default: m.PinPad })));
const DiagnosticsScreen = lazy(() => import('./diagnostics-screen.js').then((m) => ({ default: m.DiagnosticsScreen })));

/** `notice`: a key of the diagnostics strings shown on the PIN pad. */
type Mode = { name: 'closed' } | { name: 'pin'; notice: 'expired' | null } | { name: 'open'; token: string };

/**
 * Technician diagnostics: a three-second hold on the header clock opens the PIN pad; the host
 * checks the PIN and gives a session token every diagnostics request carries. Leaving (or an
 * expired session) returns to the attract screen through `onExit`, which wipes the session.
 */
export function DiagnosticsEntry({ onExit }: { onExit(): void }) {
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
    return (
      <Suspense fallback={null}>
        <PinPad notice={mode.notice} onEntered={(token) => setMode({ name: 'open', token })} onCancel={() => setMode({ name: 'closed' })} />
      </Suspense>
    );
  }
  const token = mode.token;
  const call: DiagCall = (method, params, opts) =>
    host.call(method, { ...params, token } as never, opts).catch((e: unknown) => {
      if (e instanceof HostError && e.code === 'forbidden') setMode({ name: 'pin', notice: 'expired' });
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
      <Suspense fallback={null}>
        <DiagnosticsScreen onLeave={leave} />
      </Suspense>
    </DiagSessionContext.Provider>
  );
}
