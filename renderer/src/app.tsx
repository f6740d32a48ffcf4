import { lazy, Suspense, useEffect } from 'react';
import { unavailableReasons } from './catalog/availability.js';
import { useCatalog, useQueueView } from './catalog/use-catalog.js';
import { rankServices } from './catalog/usage.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { DevPanel } from './components/dev-panel.js';
import { DiagnosticsEntry } from './diagnostics/diagnostics-entry.js';
import { Header } from './components/header.js';
import { IdleWarning } from './components/idle-warning.js';
import { QueueIndicator } from './components/queue-indicator.js';
import { ElderlyContext } from './elderly/elderly-context.js';
import { useConnection, useDevices, useHost } from './host/host-context.js';
import { reportScreen, resendScreen } from './host/screen-report.js';
import { setLocale } from './i18n/index.js';
import { AttractScreen } from './screens/attract-screen.js';
import { HelpScreen } from './screens/help-screen.js';
import { HomeScreen } from './screens/home-screen.js';
import { OutOfServiceScreen } from './screens/out-of-service-screen.js';
import { OperatorNoticeScreen } from './components/operator-notice-screen.js';
import { useAppSession } from './use-app-session.js';

// The flow runner (xstate, the steps, the keyboard) is loaded after the attract screen is up, so a
// cold start only parses what the attract and home screens need.
const loadFlowRunner = () => import('./flow/flow-runner.js');
const FlowRunner = lazy(() => loadFlowRunner().then((m) => ({ default: m.FlowRunner })));
// A life-event bundle's runner (the merged form, its rule engine): loaded when a bundle is opened.
const BundleRunner = lazy(() => import('./bundle/bundle-runner.js').then((m) => ({ default: m.BundleRunner })));

export function App() {
  const host = useHost();
  const { info, state } = useConnection();
  const devices = useDevices();
  const catalog = useCatalog();
  const services = catalog.services;
  const queue = useQueueView();
  const phone = info?.hall.maintainerPhone ?? '';
  const timeZone = info?.hall.timeZone ?? 'Asia/Shanghai';
  const { screen, setScreen, devOpen, setDevOpen, helpOpen, setHelpOpen, elderly, usage, locale, idle, idleTimeoutSec, idleWarningSec, endSession, onFlowExit, open, openBundle } = useAppSession(loadFlowRunner, { catalog, devices, queue, timeZone });
  const elderlyOn = elderly.on;
  // The fleet operator's out-of-service notice (docs/architecture.md, fleet command flow): never
  // over a running service; shown once it ends.
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
