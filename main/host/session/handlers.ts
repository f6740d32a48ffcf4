import type { EventOf, HandlerTable } from '../../../contracts/protocol.js';
import type { IdCard } from '../../../contracts/devices.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { DeviceHub } from '../../../drivers/hub.js';
import type { BackendClient } from '../backend-client.js';
import { identityFromSsCard } from '../identity/sscard-identity.js';
import type { Session } from '../session.js';

export interface SessionDeps {
  session: Session;
  hub: Pick<DeviceHub, 'idCardReader' | 'sscardReader' | 'scanner'>;
  services: readonly ServiceDefinition[];
  backend: Pick<BackendClient, 'post'>;
  /** Every feature's per-citizen state (license, face, signature, submissions), wiped at `session.end`. */
  sessionParts: readonly { wipe(): void }[];
  /** Whether the session served a citizen (identified, or submitted without identifying). */
  servedSomeone(): boolean;
  /** Counts one session ended (fleet telemetry: counts only). */
  countSession(): void;
  emitWiped(data: EventOf<'session.wiped'>): void;
}

type SessionMethod = 'idcard.read' | 'sscard.read' | 'identity.scan' | 'session.end';

/** How the citizen identifies (ID card, social security card, the app's QR code) and how the session ends. */
export function createSessionHandlers(d: SessionDeps): HandlerTable<SessionMethod> {
  const { session, hub } = d;
  return {
    'idcard.read': async (p, signal) => {
      const card = await hub.idCardReader.service.readCard({ timeoutMs: p.timeoutMs, signal });
      return session.setIdentity(card);
    },
    'sscard.read': async (p, signal) => {
      // Wait for the next card placement; the error of one that cannot identify says why.
      const read = await hub.sscardReader.service.readCard({ timeoutMs: p.timeoutMs, signal });
      const def = p.serviceId ? d.services.find((s) => s.id === p.serviceId) : undefined;
      return session.setIdentity(identityFromSsCard(read, def), 'sscard');
    },
    'identity.scan': async (p, signal) => {
      const code = p.code ?? (await hub.scanner.service.scanOnce({ timeoutMs: p.timeoutMs, signal })).data;
      const r = await d.backend.post<{ card: IdCard }>('/v1/identity/qr', { code }, signal);
      return session.setIdentity({ ...r.body.card, photo: null, warnings: r.body.card.warnings ?? [] }, 'app');
    },
    'session.end': async (p) => {
      if (d.servedSomeone()) d.countSession();
      session.wipe();
      // A card left on the reader must not identify the next citizen.
      hub.idCardReader.service.releaseCard();
      hub.sscardReader.service.releaseCard();
      for (const part of d.sessionParts) part.wipe();
      d.emitWiped({ reason: p.reason });
      return {};
    },
  };
}
