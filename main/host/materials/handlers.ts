import { KioskError } from '../../../contracts/errors.js';
import { MAX_CAPTURE_PART_BYTES, MAX_PREVIEW_BYTES } from '../../../contracts/materials.js';
import type { HandlerTable } from '../../../contracts/protocol.js';
import { type IdCopyDeps, printIdCopy } from './id-copy.js';
import type { MaterialsDesk } from './materials-desk.js';

type MaterialsMethod = 'materials.camera' | 'materials.detect' | 'materials.capture' | 'materials.remove' | 'materials.list' | 'materials.printIdCopy';
export type MaterialsHandlers = HandlerTable<MaterialsMethod>;

function decode(b64: string, limit: number, what: string): Buffer {
  const buf = Buffer.from(b64, 'base64');
  if (buf.length === 0 || buf.length > limit) {
    buf.fill(0);
    throw new KioskError('bad-request', `${what}: the data must be 1–${limit} bytes of base64`);
  }
  return buf;
}

/** The document camera's methods, spread into the host's handler map. */
export function createMaterialsHandlers(desk: MaterialsDesk, copy: Omit<IdCopyDeps, 'desk'>): MaterialsHandlers {
  return {
    'materials.camera': async () => ({ camera: desk.cameraInfo() }),
    'materials.detect': async (p) => ({ corners: await desk.detect(p.serviceId, p.stepId, decode(p.jpegBase64, MAX_PREVIEW_BYTES, 'materials.detect')) }),
    'materials.capture': async (p) =>
      desk.capturePart({ ...p, data: decode(p.dataBase64, MAX_CAPTURE_PART_BYTES, 'materials.capture') }),
    'materials.remove': async (p) => ({ pages: desk.remove(p.serviceId, p.stepId, p.page) }),
    'materials.list': async (p) => ({ pages: desk.list(p.serviceId, p.stepId) }),
    'materials.printIdCopy': async (p, signal) => printIdCopy({ ...copy, desk }, p, signal),
  };
}
