import { Emitter } from '../../../common/events.js';
import type { FleetStatusView } from '../../../contracts/diagnostics-protocol.js';
import type { KioskScreen } from '../../../contracts/protocol.js';

/** The operator's out-of-service notice (fleet `setOutOfService`): the renderer shows it when no service runs. */
export interface OutOfService {
  on: boolean;
  message: string | null;
}

/**
 * The kiosk's own state, owned here and written through these methods only: the screen the
 * renderer shows, the operator's out-of-service notice, renderer crashes, and where the fleet
 * connection's status comes from. Features read it; a change of the notice fires
 * {@link KioskState.onDidChangeOutOfService}, which the host turns into the `kiosk.info` event.
 */
export class KioskState {
  private readonly outOfServiceChanged = new Emitter<OutOfService>();
  readonly onDidChangeOutOfService = this.outOfServiceChanged.event;
  private currentScreen: KioskScreen = 'attract';
  private notice: OutOfService = { on: false, message: null };
  private crashes = 0;
  private fleetSource: () => FleetStatusView | null = () => null;

  get screen(): KioskScreen {
    return this.currentScreen;
  }

  /** The renderer reports the screen it shows (`kiosk.screen`). */
  setScreen(screen: KioskScreen): void {
    this.currentScreen = screen;
  }

  get outOfService(): OutOfService {
    return { ...this.notice };
  }

  setOutOfService(notice: OutOfService): void {
    this.notice = { on: notice.on, message: notice.message };
    this.outOfServiceChanged.fire(this.outOfService);
  }

  /** Renderer crashes since start (fleet telemetry `renderer.crashes`). */
  get rendererCrashes(): number {
    return this.crashes;
  }

  recordRendererCrash(): void {
    this.crashes++;
  }

  /** The fleet connection's status for the diagnostics Fleet tab; null when no `fleet:` is configured. */
  fleetStatus(): FleetStatusView | null {
    return this.fleetSource();
  }

  setFleetStatusSource(source: () => FleetStatusView | null): void {
    this.fleetSource = source;
  }
}
