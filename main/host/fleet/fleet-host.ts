import type { KioskConfig } from '../../../contracts/config.js';
import type { EventName, EventOf, HostInfo } from '../../../contracts/protocol.js';
import type { Disposable, Listener } from '../../../common/events.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import type { Activity } from '../nightly-restart.js';
import type { QueueService } from '../queue-service.js';
import type { KioskState } from '../kiosk/kiosk-state.js';
import type { DiagnosticsStore } from '../diagnostics/audit-store.js';

/** What the fleet module needs of the host (the Host class satisfies it). */
export interface FleetHost {
  readonly config: KioskConfig;
  readonly hub: DeviceHub;
  readonly queue: QueueService;
  readonly startedAt: Date;
  /** The technician audit log: commands from the platform are audited beside a technician's actions. */
  readonly diagnosticsStore: Pick<DiagnosticsStore, 'audit'>;
  readonly usage: { sessions: { total: number; lastHour(now?: number): number }; services: { lastHour(now?: number): number } };
  /** The renderer's screen, the operator's out-of-service notice (setOutOfService), renderer crashes. */
  readonly state: Pick<KioskState, 'screen' | 'outOfService' | 'setOutOfService' | 'onDidChangeOutOfService' | 'rendererCrashes'>;
  info(): HostInfo;
  activity(): Activity;
  emit<E extends EventName>(event: E, data: EventOf<E>): void;
  readonly onDidEmit: (listener: Listener<{ event: EventName; data: unknown }>) => Disposable;
}

/** A citizen is mid-service: identified, a request in flight, or a service screen open. */
export function midService(host: Pick<FleetHost, 'activity' | 'state'>): boolean {
  const a = host.activity();
  return a.sessionOpen || a.inFlight > 0 || host.state.screen === 'service';
}
