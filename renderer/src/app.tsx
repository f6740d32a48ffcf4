import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unavailableReasons } from './catalog/availability.js';
import { useCatalog, useQueueView } from './catalog/use-catalog.js';
import { countUse, loadUsage, rankServices } from './catalog/usage.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { DevPanel } from './components/dev-panel.js';
import { DiagnosticsEntry } from './diagnostics/diagnostics-entry.js';
import { Header } from './components/header.js';
import { IdleWarning } from './components/idle-warning.js';
import { QueueIndicator } from './components/queue-indicator.js';
import { ElderlyContext, type ElderlyMode } from './elderly/elderly-context.js';
import { setVoiceEnabled } from './elderly/voice.js';
import type { FlowExit } from './flow/flow-machine.js';
import { useConnection, useDevices, useHost } from './host/host-context.js';
import { useIdle } from './hooks/use-idle.js';
import { setLocale, type Locale } from './i18n/index.js';
import { AttractScreen } from './screens/attract-screen.js';
import { HelpScreen } from './screens/help-screen.js';
import { HomeScreen } from './screens/home-screen.js';
import { OutOfServiceScreen } from './screens/out-of-service-screen.js';
import { OperatorNoticeScreen } from './components/operator-notice-screen.js';
import { reportScreen, resendScreen } from './host/screen-report.js';

// The flow runner (xstate, the steps, the keyboard) is loaded after the attract screen is up, so a
// cold start only parses what the attract and home screens need.
const loadFlowRunner = () => import('./flow/flow-runner.js');
const FlowRunner = lazy(() => loadFlowRunner().then((m) => ({ default: m.FlowRunner })));
// A life-event bundle's runner (the merged form, its rule engine): loaded when a bundle is opened.
const BundleRunner = lazy(() => import('./bundle/bundle-runner.js').then((m) => ({ default: m.BundleRunner })));

type Screen = { name: 'attract' } | { name: 'home' } | { name: 'service'; id: string; run: number } | { name: 'bundle'; id: string; run: number } | { name: 'out-of-service'; id: string };

/** Elderly mode doubles every timeout (适老化: "give enough time"). */
const ELDERLY_TIMEOUT_FACTOR = 2;

export function App() {
  const { i18n } = useTranslation();
  const host = useHost();
  const { state, info } = useConnection();
  const devices = useDevices();
  const catalog = useCatalog();
  const services = catalog.services;
  const queue = useQueueView();
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [devOpen, setDevOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [elderlyOn, setElderlyOn] = useState(false);
  const [usage, setUsage] = useState(() => loadUsage());
  const locale = (i18n.language as Locale) ?? 'zh-CN';
  const phone = info?.hall.maintainerPhone ?? '';
  const timeZone = info?.hall.timeZone ?? 'Asia/Shanghai';

  /** End the session: the host wipes personal data; back to attract (which also resets language and mode) or home. */
  const endSession = useCallback(
    (reason: 'done' | 'timeout' | 'cancel' | 'home', next: Screen) => {
      setScreen(next);
      setHelpOpen(false);
      if (next.name === 'attract') {
        if (info) setLocale(info.locale);
        setUsage(loadUsage());
        setElderlyOn(false);
      }
      host.call('session.end', { reason }).catch((e: unknown) => console.error('session.end failed', e));
    },
    [host, info],
  );

  // The host restarted (new bootId): whatever was on screen belongs to a session it no longer has.
  const [bootId, setBootId] = useState<string | null>(null);
  useEffect(() => {
    if (!info) return;
    if (bootId && bootId !== info.bootId) setScreen((s) => (s.name === 'service' || s.name === 'bundle' ? { name: 'home' } : s));
    setBootId(info.bootId);
  }, [info, bootId]);

  useEffect(() => {
    // Fetch the rest of the UI in the background once the first screen is shown.
    const id = setTimeout(() => {
      loadFlowRunner().catch((e: unknown) => console.error('loading the flow runner failed', e));
    }, 500);
    return () => clearTimeout(id);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Documented developer-panel key (simulated mode only): Ctrl+Shift+D.
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'd') setDevOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => setVoiceEnabled(elderlyOn), [elderlyOn]);
  const elderly: ElderlyMode = useMemo(() => ({ on: elderlyOn, toggle: () => setElderlyOn((o) => !o), timeoutFactor: elderlyOn ? ELDERLY_TIMEOUT_FACTOR : 1 }), [elderlyOn]);
  const idleTimeoutSec = info?.ui.idleTimeoutSec ?? 60;
  const idleWarningSec = info?.ui.idleWarningSec ?? 15;
  // Outside a service the app counts idle time; inside one, the flow runner counts it per step.
  const idle = useIdle({
    enabled: screen.name !== 'attract' && screen.name !== 'service' && screen.name !== 'bundle' && state === 'open',
    paused: false,
    timeoutSec: Math.round(idleTimeoutSec * elderly.timeoutFactor),
    warningSec: idleWarningSec,
    onExpire: () => endSession('timeout', { name: 'attract' }),
  });

  const open = (id: string) => {
    const def = services.find((s) => s.id === id);
    if (!def) return;
    const reasons = unavailableReasons(def, devices, new Date(), queue, timeZone);
    // Counted now, re-ranked only when the kiosk returns to the attract screen: tiles never jump under a citizen's finger.
    countUse(id);
    setScreen(reasons.length ? { name: 'out-of-service', id } : { name: 'service', id, run: Date.now() });
  };
  const openBundle = (id: string) => {
    const b = catalog.bundles.find((x) => x.id === id);
    if (!b) return;
    // A required member that cannot run now (a device, the hours, the network) stops the bundle: its out-of-service screen says why.
    const blocked = b.members
      .filter((m) => !m.optional)
      .map((m) => services.find((s) => s.id === m.service))
      .find((def) => def && unavailableReasons(def, devices, new Date(), queue, timeZone).length > 0);
    countUse(id);
    setScreen(blocked ? { name: 'out-of-service', id: blocked.id } : { name: 'bundle', id, run: Date.now() });
  };
  const onFlowExit = useCallback(
    (exit: FlowExit) => {
      const map = { back: 'cancel', cancel: 'cancel', timeout: 'timeout', done: 'done' } as const;
      endSession(map[exit], exit === 'timeout' ? { name: 'attract' } : { name: 'home' });
    },
    [endSession],
  );

  // The fleet operator's out-of-service notice: never over a running service; shown once it ends.
  const notice = info?.outOfService?.on && screen.name !== 'service' && screen.name !== 'bundle' ? info.outOfService : null;
  // A bundle is a service to the fleet (a citizen is mid-service).
  const shown = notice ? 'out-of-service' : screen.name === 'bundle' ? 'service' : screen.name;
  useEffect(() => reportScreen(host, shown), [host, shown]);
  useEffect(() => {
    if (info?.bootId) resendScreen(host);
  }, [host, info?.bootId]);

  const hallName = info ? (locale === 'en' ? info.hall.nameEn : info.hall.name) : '';
  const current = screen.name === 'service' || screen.name === 'out-of-service' ? services.find((s) => s.id === screen.id) : undefined;
  const currentBundle = screen.name === 'bundle' ? catalog.bundles.find((b) => b.id === screen.id) : undefined;

  return (
    <ElderlyContext.Provider value={elderly}>
      <div className={`app screen-${screen.name}${elderlyOn ? ' elderly' : ''}`} data-elderly={elderlyOn}>
        <Header
          hallName={hallName}
          locale={locale}
          onToggleLocale={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          onSecretGesture={() => setDevOpen(true)}
          elderly={elderlyOn}
          onToggleElderly={elderly.toggle}
          onHelp={() => setHelpOpen(true)}
          timeZone={timeZone}
        />
        {notice && <OperatorNoticeScreen message={notice.message} phone={phone} />}
        {/* Ready means connected: the attract screen waits for the host's first hello. */}
        {!notice && screen.name === 'attract' && info && <AttractScreen services={rankServices(services, usage)} onStart={() => setScreen({ name: 'home' })} />}
        {!notice && screen.name === 'home' && (
          <HomeScreen secondsLeft={idle.secondsLeft} services={services} bundles={catalog.bundles} usage={usage} timeZone={timeZone} devices={devices} queue={queue} onOpen={open} onOpenBundle={openBundle} onBack={() => endSession('home', { name: 'attract' })} />
        )}
        {screen.name === 'service' && current && (
          <Suspense fallback={<main className="screen" aria-busy="true" />}>
            <FlowRunner key={screen.run} def={current} idleTimeoutSec={idleTimeoutSec} idleWarningSec={idleWarningSec} phone={phone} onExit={onFlowExit} />
          </Suspense>
        )}
        {screen.name === 'bundle' && currentBundle && (
          <Suspense fallback={<main className="screen" aria-busy="true" />}>
            <BundleRunner key={screen.run} bundle={currentBundle} services={services} groups={catalog.fieldGroups} idleTimeoutSec={idleTimeoutSec} idleWarningSec={idleWarningSec} phone={phone} onExit={onFlowExit} />
          </Suspense>
        )}
        {!notice && screen.name === 'out-of-service' && current && (
          <OutOfServiceScreen def={current} reasons={unavailableReasons(current, devices, new Date(), queue, timeZone)} phone={phone} onBack={() => setScreen({ name: 'home' })} />
        )}
        <QueueIndicator queue={queue} />
        {idle.warningLeft !== null && <IdleWarning secondsLeft={idle.warningLeft} onContinue={idle.extend} />}
        {helpOpen && <HelpScreen phone={phone} hallName={hallName} onClose={() => setHelpOpen(false)} />}
        {state !== 'open' && <ConnectionBanner />}
        {devOpen && info?.devPanel && <DevPanel onClose={() => setDevOpen(false)} />}
        <DiagnosticsEntry onExit={() => endSession('home', { name: 'attract' })} />
      </div>
    </ElderlyContext.Provider>
  );
}
