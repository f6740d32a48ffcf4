import type { DiagnosticsMethodName } from '../../../contracts/diagnostics-protocol.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import { createDiagnosticsContext, type DiagnosticsContext, type DiagnosticsHost } from './context.js';
import { deviceHandlers } from './device-handlers.js';
import { exportHandlers } from './export-handlers.js';
import { printHandlers } from './print-handlers.js';

export type { DiagnosticsHost } from './context.js';
export type DiagnosticsHandlers = HandlerTable<DiagnosticsMethodName>;

type SessionMethod = 'diag.status' | 'diag.enter' | 'diag.exit' | 'diag.fleet' | 'diag.audit' | 'diag.restart';

/** Entering and leaving the technician session, the Fleet and Audit tabs, and the restart request. */
function sessionHandlers({ host, access, store, cameraAudited }: DiagnosticsContext): HandlerTable<Extract<DiagnosticsMethodName, SessionMethod>> {
  return {
    'diag.status': async () => access.status(),
    'diag.enter': async (p) => access.enter(p.pin),
    'diag.exit': async (p, signal) => {
      access.exit(p.token);
      cameraAudited.delete(p.token);
      // Leaving returns to the attract screen: nothing of a citizen's session survives.
      await host.call('session.end', { reason: 'home' }, signal);
      return {};
    },
    'diag.fleet': async (p) => {
      access.check(p.token);
      return { status: host.state.fleetStatus() };
    },
    'diag.audit': async (p) => {
      access.check(p.token);
      return { entries: store.entries(p.limit) };
    },
    'diag.restart': async (p) => {
      access.check(p.token);
      store.audit(p.mode === 'restart' ? 'restart-app' : 'exit-kiosk', true, 'requested by the technician');
      // The shell owns the process: it listens for this event (Electron: app.relaunch; browser host: exit code).
      host.emit('diag.restartRequested', { mode: p.mode });
      return {};
    },
  };
}

/**
 * The `diag.*` method handlers, spread into the host's handler map. Every handler but
 * `diag.status`/`diag.enter` checks the session token first; technician actions are audited in
 * `<dataDir>/diagnostics.sqlite`.
 */
export function createDiagnosticsHandlers(host: DiagnosticsHost): DiagnosticsHandlers {
  const ctx = createDiagnosticsContext(host);
  return { ...sessionHandlers(ctx), ...deviceHandlers(ctx), ...printHandlers(ctx), ...exportHandlers(ctx) };
}
