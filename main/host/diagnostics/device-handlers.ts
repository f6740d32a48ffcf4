import type { DiagnosticsMethodName } from '../../../contracts/diagnostics-protocol.js';
import { KioskError } from '../../../contracts/errors.js';
import { MAX_FRAME_BYTES } from '../../../contracts/identity.js';
import type { Handler, HandlerTable } from '../../../contracts/protocol.js';
import type { RequestOptions } from '../../../drivers/core/device.js';
import type { DiagnosticsContext } from './context.js';
import { describeDeviceTest, runDeviceTest } from './device-test.js';
import { describeEscPos, describeSam, parseHex, samReplyForConsole, toHex } from './raw-console.js';
import { checkSsCardApdu, describeSsCardCommand, describeSsCardReply } from './sscard-console.js';

interface DirectIO {
  directIO(bytes: Uint8Array, options: RequestOptions): Promise<Uint8Array>;
}

function directIOOf(service: unknown, id: string): DirectIO {
  if (typeof (service as Partial<DirectIO>).directIO !== 'function') throw new KioskError('not-available', `${id}: this transport has no raw console`);
  return service as DirectIO;
}

/** The raw console: one command to a device, its reply decoded for the technician. */
function rawConsole({ host, access, audited }: DiagnosticsContext): Handler<'diag.raw'> {
  return async (p, signal) => {
    access.check(p.token);
    const bytes = parseHex(p.hex);
    if (p.device === 'sscard-reader') {
      const reader = host.hub.sscardReader.service;
      // Only the command is audited (a refused one too): the answer may hold the holder's data.
      return audited('raw-send', `${p.device}: ${toHex(bytes)}`, async () => {
        checkSsCardApdu(bytes);
        const reply = await reader.transmitRaw(bytes, { timeoutMs: p.timeoutMs, signal });
        const shown = describeSsCardReply(reply);
        return { sent: toHex(bytes), reply: shown.reply, decoded: [describeSsCardCommand(bytes), shown.decoded], replyBytes: reply.length };
      }, (r) => `${r.replyBytes} bytes back`);
    }
    const handle = p.device === 'idcard-reader' ? host.hub.idCardReader : host.hub.receiptPrinter;
    const io = directIOOf(handle.service, p.device);
    // Only what was sent is audited: a reply may hold a card's personal data.
    return audited('raw-send', `${p.device}: ${toHex(bytes)}`, async () => {
      const reply = await io.directIO(bytes, { timeoutMs: p.timeoutMs, signal });
      if (p.device === 'idcard-reader') return { sent: toHex(bytes), reply: samReplyForConsole(bytes, reply), decoded: describeSam(bytes, reply), replyBytes: reply.length };
      return { sent: toHex(bytes), reply: toHex(reply), decoded: describeEscPos(bytes, reply), replyBytes: reply.length };
    }, (r) => `${r.replyBytes} bytes back`);
  };
}

/** The Camera entry's probe: face boxes on one frame, audited once per technician session. */
function cameraProbe({ host, access, audited, cameraAudited }: DiagnosticsContext): Handler<'diag.cameraProbe'> {
  return async (p, signal) => {
    access.check(p.token);
    const bytes = Buffer.from(p.jpegBase64, 'base64');
    // A JPEG starts with SOI (FF D8); anything else is refused before the face engine sees it.
    if (bytes.length < 4 || bytes.length > MAX_FRAME_BYTES || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
      throw new KioskError('bad-request', `diag.cameraProbe: jpegBase64 is not a JPEG of at most ${MAX_FRAME_BYTES} bytes`);
    }
    // The frame may show the technician's face: it is zeroed once the engine is done with it.
    const run = () => host.faces.probe(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), signal).finally(() => bytes.fill(0));
    if (cameraAudited.has(p.token)) return run();
    cameraAudited.add(p.token);
    return audited('camera-probe', `${bytes.length} bytes`, run, (r) => `${r.width}x${r.height}, ${r.faces.length} faces, ${Math.round(r.ms)} ms`);
  };
}

type DeviceMethod = 'diag.devices' | 'diag.checkHealth' | 'diag.deviceTest' | 'diag.raw' | 'diag.cameraProbe' | 'diag.documentCamera';

/** The Devices, raw console, Camera and document camera entries. */
export function deviceHandlers(ctx: DiagnosticsContext): HandlerTable<Extract<DiagnosticsMethodName, DeviceMethod>> {
  const { host, access, audited, events, config } = ctx;
  return {
    'diag.devices': async (p) => {
      access.check(p.token);
      return { devices: host.hub.statuses(), events: [...events] };
    },
    'diag.checkHealth': async (p) => {
      access.check(p.token);
      return audited(`health-${p.level}`, p.id, () => host.hub.checkHealth(p.id, p.level), (r) => `${r.ok ? 'ok' : 'failed'} ${r.state}${r.detail ? `/${r.detail}` : ''}, action ${r.action}`);
    },
    'diag.deviceTest': async (p, signal) => {
      access.check(p.token);
      return audited('test-external', p.device, () => runDeviceTest(host.hub, p.device, { timeoutMs: p.timeoutMs, signal, kioskId: config.kioskId }), describeDeviceTest);
    },
    'diag.raw': rawConsole(ctx),
    'diag.cameraProbe': cameraProbe(ctx),
    'diag.documentCamera': async (p) => {
      access.check(p.token);
      // A worker that does not start is a result (state error), not a failed request: the entry shows why.
      return audited('health-internal', 'document-camera', () => host.materials.cameraHealth(p.timeoutMs), (r) => `${r.ok ? 'ok' : 'failed'} ${r.state}${r.detail ? `/${r.detail}` : ''}`);
    },
  };
}
