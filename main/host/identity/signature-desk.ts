import type { KioskConfig } from '../../../contracts/config.js';
import { KioskError } from '../../../contracts/errors.js';
import type { Methods, ResultOf } from '../../../contracts/protocol.js';
import type { ServiceDefinition } from '../../../contracts/service-definition.js';
import type { Session } from '../session.js';

type SignatureMethod = 'signature.submit' | 'signature.printAuthorisation';
type Handler<M extends SignatureMethod> = (params: (typeof Methods)[M]['params']['_output'], signal: AbortSignal) => Promise<ResultOf<M>>;
export type SignatureHandlers = { [M in SignatureMethod]: Handler<M> };

export interface SignatureDeskHost {
  readonly config: KioskConfig;
  readonly session: Session;
  readonly services: ServiceDefinition[];
}

/** What a submission carries of a signed `sign` step. */
export interface SignatureAttachment {
  stepId: string;
  format: 'png';
  base64: string;
  strokes: number;
  at: string;
}

/** The session's hand signatures: kept until the submission takes them, wiped with the session. */
export class SignatureDesk {
  private signature: { serviceId: string; value: SignatureAttachment } | null = null;

  constructor(private readonly host: SignatureDeskHost) {}

  attachmentFor(serviceId: string): SignatureAttachment | null {
    return this.signature?.serviceId === serviceId ? this.signature.value : null;
  }

  handlers(): SignatureHandlers {
    return {
      'signature.submit': async () => {
        throw new KioskError('not-available', 'signing is not built yet');
      },
      'signature.printAuthorisation': async () => {
        throw new KioskError('not-available', 'signing is not built yet');
      },
    };
  }

  wipe(): void {
    this.signature = null;
  }
}
