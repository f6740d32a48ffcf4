import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionBanner } from './components/connection-banner.js';
import { DevPanel } from './components/dev-panel.js';
import { Header } from './components/header.js';
import { IdleWarning } from './components/idle-warning.js';
import { QueueIndicator } from './components/queue-indicator.js';
import { useConnection, useDevices, useHost } from './host/host-context.js';
import { useIdle } from './hooks/use-idle.js';
import { setLocale, type Locale } from './i18n/index.js';
import { AttractScreen } from './screens/attract-screen.js';
import { HomeScreen } from './screens/home-screen.js';
import { IdentifyScreen } from './screens/identify-screen.js';

type Screen = { name: 'attract' } | { name: 'home' } | { name: 'service'; id: string };

export function App() {
  const { i18n } = useTranslation();
  const host = useHost();
  const { state, info } = useConnection();
  const devices = useDevices();
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [busy, setBusy] = useState(false);
  const [devOpen, setDevOpen] = useState(false);
  const locale = (i18n.language as Locale) ?? 'zh-CN';

  /** End the session: the host wipes personal data; the screen goes back to attract or home. */
  const endSession = useCallback(
    (reason: 'done' | 'timeout' | 'cancel' | 'home', next: Screen) => {
      setScreen(next);
      setBusy(false);
      if (next.name === 'attract' && info) setLocale(info.locale);
      host.call('session.end', { reason }).catch((e: unknown) => console.error('session.end failed', e));
    },
    [host, info],
  );

  // The host restarted (new bootId): whatever was on screen belongs to a session it no longer has.
  const [bootId, setBootId] = useState<string | null>(null);
  useEffect(() => {
    if (!info) return;
    if (bootId && bootId !== info.bootId) setScreen((s) => (s.name === 'service' ? { name: 'home' } : s));
    setBootId(info.bootId);
  }, [info, bootId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Documented developer-panel key (simulated mode only): Ctrl+Shift+D.
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'd') setDevOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const idle = useIdle({
    enabled: screen.name !== 'attract' && state === 'open',
    paused: busy,
    timeoutSec: info?.ui.idleTimeoutSec ?? 60,
    warningSec: info?.ui.idleWarningSec ?? 15,
    onExpire: () => endSession('timeout', { name: 'attract' }),
  });

  const hallName = info ? (locale === 'en' ? info.hall.nameEn : info.hall.name) : '';
  const onBusy = useCallback((b: boolean) => setBusy(b), []);

  return (
    <div className={`app screen-${screen.name}`}>
      <Header
        hallName={hallName}
        locale={locale}
        onToggleLocale={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
        onSecretGesture={() => setDevOpen(true)}
      />
      {screen.name === 'attract' && <AttractScreen onStart={() => setScreen({ name: 'home' })} />}
      {screen.name === 'home' && <HomeScreen devices={devices} onOpen={(id) => setScreen({ name: 'service', id })} onBack={() => endSession('home', { name: 'attract' })} />}
      {screen.name === 'service' && (
        <IdentifyScreen onBusy={onBusy} onDone={() => endSession('done', { name: 'home' })} onBack={() => endSession('cancel', { name: 'home' })} />
      )}
      <QueueIndicator />
      {idle.warningLeft !== null && <IdleWarning secondsLeft={idle.warningLeft} onContinue={idle.extend} />}
      {state !== 'open' && <ConnectionBanner />}
      {devOpen && info?.devPanel && <DevPanel onClose={() => setDevOpen(false)} />}
    </div>
  );
}
