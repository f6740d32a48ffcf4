import { isKioskErrorLike } from '../../../contracts/errors.js';
import type { QueueView } from '../../../contracts/protocol.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import { printTestPage } from '../printing/test-page.js';
import type { QueueService } from '../queue-service.js';
import type { KioskState, OutOfService } from './kiosk-state.js';

/**
 * What a remote operator may do to the kiosk (the fleet's commands): the narrow surface they call,
 * so the fleet code never reaches into the host, its devices or its documents.
 */
export interface KioskControl {
  /** No citizen is mid-service (identified, a request in flight, or a service screen open). */
  idle(): boolean;
  outOfService(): OutOfService;
  setOutOfService(notice: OutOfService): void;
  printTestPage(): Promise<{ jobId: string }>;
  /** Sync the outbox now; `drained` false when it did not finish within `timeoutMs`. */
  drain(timeoutMs: number): Promise<{ drained: boolean; queue: QueueView }>;
  /** Restart now when idle, else at the first idle moment. */
  restart(): 'now' | 'when-idle';
  /** Drop a restart still waiting for an idle moment (the fleet connection stops). */
  dispose(): void;
}

export interface KioskControlDeps {
  config: { kioskId: string };
  hub: Pick<DeviceHub, 'receiptPrinter'>;
  queue: Pick<QueueService, 'worker' | 'view'>;
  state: Pick<KioskState, 'outOfService' | 'setOutOfService'>;
  idle(): boolean;
  /** The shell's restart (the same path as a technician's restart). */
  restart(): void;
}

export function createKioskControl(d: KioskControlDeps): KioskControl {
  let waiting: NodeJS.Timeout | null = null;
  return {
    idle: () => d.idle(),
    outOfService: () => d.state.outOfService,
    setOutOfService: (notice) => d.state.setOutOfService(notice),
    printTestPage: () => printTestPage(d.hub.receiptPrinter.service, d.config.kioskId),
    drain: async (timeoutMs) => {
      let drained = true;
      try {
        await d.queue.worker.drain({ timeoutMs });
      } catch (e) {
        if (!(isKioskErrorLike(e) && e.code === 'timeout')) throw e;
        drained = false;
      }
      return { drained, queue: d.queue.view() };
    },
    restart: () => {
      if (d.idle()) {
        // After the command's answer went out.
        setTimeout(() => d.restart(), 300).unref();
        return 'now';
      }
      if (!waiting) {
        waiting = setInterval(() => {
          if (!d.idle()) return;
          if (waiting) clearInterval(waiting);
          d.restart();
        }, 1000);
        waiting.unref();
      }
      return 'when-idle';
    },
    dispose: () => {
      if (waiting) clearInterval(waiting);
    },
  };
}
