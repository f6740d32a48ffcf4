import type { KioskConfig } from '../../../contracts/config.js';
import { KioskError } from '../../../contracts/errors.js';
import type { IdentityVerification } from '../../../contracts/identity.js';
import type { Methods, ResultOf } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { Session } from '../session.js';

type FaceMethod = 'face.begin' | 'face.frame' | 'face.skip';
type Handler<M extends FaceMethod> = (params: (typeof Methods)[M]['params']['_output'], signal: AbortSignal) => Promise<ResultOf<M>>;
export type FaceHandlers = { [M in FaceMethod]: Handler<M> };

export interface FaceDeskHost {
  readonly config: KioskConfig;
  readonly session: Session;
  readonly services: ServiceDefinition[];
}

/**
 * The face check (人证核验) of the session: the ID photo's descriptor, the tries, the decision.
 * Everything it holds is personal data and is dropped by {@link FaceDesk.wipe}.
 */
export class FaceDesk {
  private verification: { serviceId: string; value: IdentityVerification } | null = null;

  constructor(private readonly host: FaceDeskHost) {}

  /** What the next submission of `serviceId` carries (set by the host, never by the renderer). */
  verificationFor(serviceId: string): IdentityVerification | null {
    return this.verification?.serviceId === serviceId ? this.verification.value : null;
  }

  handlers(): FaceHandlers {
    return {
      'face.begin': async () => {
        throw new KioskError('not-available', 'the face check is not built yet');
      },
      'face.frame': async () => {
        throw new KioskError('not-available', 'the face check is not built yet');
      },
      'face.skip': async () => {
        throw new KioskError('not-available', 'the face check is not built yet');
      },
    };
  }

  /**
   * The technician's camera check (diagnostics Camera entry): the faces the engine finds in one
   * frame, as boxes in the frame's pixels. Nothing is kept.
   */
  async probe(_jpeg: Uint8Array, _signal: AbortSignal): Promise<{ width: number; height: number; faces: { box: [number, number, number, number]; score: number }[]; ms: number }> {
    throw new KioskError('not-available', 'the face check is not built yet');
  }

  wipe(): void {
    this.verification = null;
  }

  async dispose(): Promise<void> {
    this.wipe();
  }
}
