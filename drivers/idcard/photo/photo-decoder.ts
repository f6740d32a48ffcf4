import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { KioskError } from '../../../contracts/errors.js';
import type { RequestOptions } from '../../core/device.js';
import { withTimeout } from '../../core/request.js';

/** WLT decodes to 102 × 126 pixels, 24-bit BGR (reference §5). */
export const PHOTO_WIDTH = 102;
export const PHOTO_HEIGHT = 126;
const RAW_BYTES = PHOTO_WIDTH * PHOTO_HEIGHT * 3;

export interface DecodedPhoto {
  width: number;
  height: number;
  /** A complete 24-bit .bmp file (54-byte header, bottom-up rows padded to 4 bytes). */
  bmp: Uint8Array;
}

/**
 * Turns the card's 1024-byte WLT block into a picture. WLT is proprietary and there is no open
 * decoder, so this always wraps a vendor library; without one there is no photo and the UI shows
 * a placeholder. Never decode personal data anywhere it could be logged.
 */
export interface PhotoDecoder {
  /** What was loaded (path), for diagnostics. */
  readonly source: string;
  decode(wlt: Uint8Array, options: RequestOptions): Promise<DecodedPhoto>;
}

/**
 * Load the vendor decoder configured at `path`:
 * - a Node add-on (`*.node`) exporting `decodeWlt(wlt: Buffer): Buffer`, or
 * - an executable helper that reads the 1024 WLT bytes on stdin and writes the picture on stdout.
 * Either may answer with raw BGR (38,556 bytes, bottom-up as the vendor libraries produce it) or a
 * whole .bmp file. No path → null (no photo). A path that cannot be loaded is an error.
 */
export async function loadPhotoDecoder(path: string | null | undefined): Promise<PhotoDecoder | null> {
  if (!path) return null;
  if (path.endsWith('.node')) {
    let addon: { decodeWlt?: unknown };
    try {
      addon = createRequire(import.meta.url)(path) as { decodeWlt?: unknown };
    } catch (e) {
      throw new KioskError('not-available', `photo decoder ${path}: ${e instanceof Error ? e.message : String(e)}`, false, { cause: e });
    }
    const fn = addon.decodeWlt;
    if (typeof fn !== 'function') throw new KioskError('not-available', `photo decoder ${path} has no decodeWlt()`, false);
    return {
      source: path,
      decode: (wlt, options) => withTimeout('decode photo', options, async () => toBmp(Buffer.from(fn(Buffer.from(wlt)) as Uint8Array))),
    };
  }
  try {
    await access(path, constants.X_OK);
  } catch (e) {
    throw new KioskError('not-available', `photo decoder ${path} is not an executable`, false, { cause: e });
  }
  return { source: path, decode: (wlt, options) => withTimeout('decode photo', options, (signal) => runHelper(path, wlt, signal)) };
}

function runHelper(path: string, wlt: Uint8Array, signal: AbortSignal): Promise<DecodedPhoto> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, [], { stdio: ['pipe', 'pipe', 'pipe'], signal });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(signal.aborted ? signal.reason : new KioskError('device-error', `photo decoder: ${e.message}`, false)));
    child.on('close', (code) => {
      if (code !== 0) return reject(new KioskError('device-error', `photo decoder exited ${code}: ${err.trim().slice(0, 200)}`, false));
      try {
        resolve(toBmp(Buffer.concat(out)));
      } catch (e) {
        reject(e);
      }
    });
    child.stdin.end(Buffer.from(wlt));
  });
}

/** Accept a .bmp as is, or wrap raw bottom-up BGR in a BMP header. */
export function toBmp(data: Uint8Array): DecodedPhoto {
  if (data.length > 54 && data[0] === 0x42 && data[1] === 0x4d) return { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, bmp: data };
  if (data.length !== RAW_BYTES) throw new KioskError('protocol-error', `photo decoder returned ${data.length} bytes (expected ${RAW_BYTES} BGR or a .bmp)`, false);
  const row = PHOTO_WIDTH * 3;
  const padded = (row + 3) & ~3;
  const size = 54 + padded * PHOTO_HEIGHT;
  const bmp = Buffer.alloc(size);
  bmp.write('BM', 0, 'ascii');
  bmp.writeUInt32LE(size, 2);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(PHOTO_WIDTH, 18);
  bmp.writeInt32LE(PHOTO_HEIGHT, 22); // positive height: bottom-up rows, as delivered
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(24, 28);
  bmp.writeUInt32LE(padded * PHOTO_HEIGHT, 34);
  for (let y = 0; y < PHOTO_HEIGHT; y++) Buffer.from(data.subarray(y * row, (y + 1) * row)).copy(bmp, 54 + y * padded);
  return { width: PHOTO_WIDTH, height: PHOTO_HEIGHT, bmp };
}
