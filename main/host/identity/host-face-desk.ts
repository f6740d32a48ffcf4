import type { KioskConfig } from '../../../contracts/config.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import { createFileKeyStore, defaultKeyFilePath } from '../../../offline-queue/index.js';
import type { DiagnosticsStore } from '../diagnostics/audit-store.js';
import type { Session } from '../session.js';
import { CardTries } from './card-tries.js';
import { FaceDesk } from './face-desk.js';

/** The host's face desk: decisions audited in the technician log, tries per card counted across sessions. */
export function createHostFaceDesk(config: KioskConfig, session: Session, services: ServiceDefinition[], store: DiagnosticsStore): FaceDesk {
  return new FaceDesk({
    config,
    session,
    services,
    // The decision and its score only: no image, descriptor or name.
    audit: (action, detail) => store.audit(action, detail.outcome === 'passed', JSON.stringify(detail)),
    // Cards are named by an HMAC under a key derived from the outbox key, kept outside the data dir.
    cardTries: new CardTries(store, () => createFileKeyStore(defaultKeyFilePath(config.dataDir)).loadOrCreateKey()),
  });
}
