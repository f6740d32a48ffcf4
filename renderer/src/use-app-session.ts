import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unavailableReasons } from './catalog/availability.js';
import type { Catalog } from './catalog/use-catalog.js';
import { countUse, loadUsage } from './catalog/usage.js';
import type { ElderlyMode } from './elderly/elderly-context.js';
import { setVoiceEnabled } from './elderly/voice.js';
import type { FlowExit } from './flow/flow-machine.js';
import { useConnection, useHost } from './host/host-context.js';
import type { DeviceStatus } from '../../contracts/devices.js';
import type { QueueView } from '../../contracts/protocol.js';
import { useIdle } from './hooks/use-idle.js';
import { setLocale, type Locale } from './i18n/index.js';

export type Screen = { name: 'attract' } | { name: 'home' } | { name: 'service'; id: string; run: number } | { name: 'bundle'; id: string; run: number } | { name: 'out-of-service'; id: string };

/** What opening a service depends on, fetched once by the app. */
export interface World {
  catalog: Catalog;
  devices: DeviceStatus[];
  queue: QueueView | null;
  timeZone: string;
}

/** Elderly mode doubles every timeout (适老化: "give enough time"). */
const ELDERLY_TIMEOUT_FACTOR = 2;

/**
 * The app's session: which screen is up, the overlays (developer panel, help), elderly mode and the
 * usage ranking; ending a session, opening a service or a bundle, and the idle timer outside a service.
 */
export function useAppSession(preloadFlowRunner: () => Promise<unknown>, world: World) {
  const { i18n } = useTranslation();
  const host = useHost();
  const { state, info } = useConnection();
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [devOpen, setDevOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [elderlyOn, setElderlyOn] = useState(false);
  const [usage, setUsage] = useState(() => loadUsage());
  const locale = (i18n.language as Locale) ?? 'zh-CN';

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

  useRestartAndPreload(setScreen, setDevOpen, preloadFlowRunner);
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
  const onFlowExit = useCallback(
    (exit: FlowExit) => {
      const map = { back: 'cancel', cancel: 'cancel', timeout: 'timeout', done: 'done' } as const;
      endSession(map[exit], exit === 'timeout' ? { name: 'attract' } : { name: 'home' });
    },
    [endSession],
  );

  return { screen, setScreen, devOpen, setDevOpen, helpOpen, setHelpOpen, elderly, usage, locale, idle, idleTimeoutSec, idleWarningSec, endSession, onFlowExit, ...useOpeners(setScreen, world) };
}

/**
 * When the host restarts (a new bootId), whatever was on screen belongs to a session it no longer
 * has; the flow runner is fetched in the background once the first screen is up; Ctrl+Shift+D
 * toggles the developer panel (simulated mode only).
 */
function useRestartAndPreload(setScreen: (f: (s: Screen) => Screen) => void, setDevOpen: (f: (o: boolean) => boolean) => void, preloadFlowRunner: () => Promise<unknown>) {
  const { info } = useConnection();
  const [bootId, setBootId] = useState<string | null>(null);
  useEffect(() => {
    if (!info) return;
    if (bootId && bootId !== info.bootId) setScreen((s) => (s.name === 'service' || s.name === 'bundle' ? { name: 'home' } : s));
    setBootId(info.bootId);
  }, [info, bootId]);

  useEffect(() => {
    const id = setTimeout(() => {
      preloadFlowRunner().catch((e: unknown) => console.error('loading the flow runner failed', e));
    }, 500);
    return () => clearTimeout(id);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'd') setDevOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Opening a service or a bundle: its out-of-service screen instead when it cannot run now. */
function useOpeners(setScreen: (s: Screen) => void, { catalog, devices, queue, timeZone }: World) {
  const services = catalog.services;
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
  return { open, openBundle };
}
