import type { CameraInfo } from '../../../contracts/identity.js';
import { MAX_FRAME_BYTES, MAX_FRAME_EDGE } from '../../../contracts/identity.js';

/**
 * The face camera, read in the renderer: in Electron the page is the only place a
 * camera can be opened. Video only, never audio. The camera is on only while a verification step
 * (or the technician's Camera panel) is on screen: every caller stops the stream when it leaves.
 */

/** Why the camera could not be opened: none configured or attached, the permission refused, anything else. */
export type CameraFailure = 'no-camera' | 'denied' | 'error';

export type CameraOpen = { ok: true; stream: MediaStream; label: string } | { ok: false; reason: CameraFailure; message: string };

/** The fields of `MediaDeviceInfo` the choice reads (plain objects in tests). */
export interface VideoDevice {
  kind: string;
  deviceId: string;
  label: string;
}

/** Longest edge of a frame sent to the host: enough for a face at arm's length, small enough to stay well under the byte limit. */
export const FRAME_EDGE = Math.min(640, MAX_FRAME_EDGE);
const JPEG_QUALITIES = [0.85, 0.7, 0.55];

/**
 * Which camera to open, from the device list and `identity.camera`. Null config: this kiosk has
 * none. A configured device id must be present; a configured label matches as a case-insensitive
 * substring; neither: the first camera. `deviceId` is null when the list has ids hidden (no
 * permission yet): the caller then opens any camera and chooses again.
 */
export function chooseCamera(devices: readonly VideoDevice[], config: CameraInfo): { deviceId: string | null } | null {
  if (!config) return null;
  const cams = devices.filter((d) => d.kind === 'videoinput');
  if (cams.length === 0) return null;
  if (config.deviceId) {
    const hit = cams.find((d) => d.deviceId === config.deviceId);
    if (hit) return { deviceId: hit.deviceId };
    // Ids are hidden before the permission: the configured one may still be there.
    return cams.every((d) => !d.deviceId) ? { deviceId: null } : null;
  }
  if (config.label) {
    const want = config.label.toLowerCase();
    const hit = cams.find((d) => d.label.toLowerCase().includes(want));
    if (hit) return { deviceId: hit.deviceId || null };
    return cams.every((d) => !d.label) ? { deviceId: null } : null;
  }
  return { deviceId: cams[0]!.deviceId || null };
}

/** The size a `width`×`height` video is drawn at so its longest edge is at most `maxEdge` (never enlarged). */
export function frameSize(width: number, height: number, maxEdge = FRAME_EDGE): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A JPEG of `bytes` bytes may be sent (the host refuses larger ones). */
export function frameFits(bytes: number): boolean {
  return bytes > 0 && bytes <= MAX_FRAME_BYTES;
}

/** The error name of a failed getUserMedia, as a reason. */
export function failureOf(e: unknown): CameraFailure {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'no-camera';
  return 'error';
}

/** Stop every track of a stream (the camera light goes off). */
export function stopStream(stream: MediaStream | null | undefined): void {
  for (const t of stream?.getTracks() ?? []) t.stop();
}

function media(): MediaDevices | null {
  // Absent outside a secure context (and in some test browsers).
  const md = typeof navigator !== 'undefined' ? (navigator.mediaDevices as MediaDevices | undefined) : undefined;
  return md && typeof md.getUserMedia === 'function' ? md : null;
}

async function videoDevices(md: MediaDevices): Promise<VideoDevice[]> {
  return (await md.enumerateDevices()).filter((d) => d.kind === 'videoinput');
}

/**
 * Whether a camera as configured seems attached, without opening it (no permission prompt, the
 * light stays off): labels and ids may be hidden until the first open, so this only says "there is
 * a camera we may be able to use".
 */
export async function cameraPresent(config: CameraInfo): Promise<boolean> {
  const md = media();
  if (!config || !md) return false;
  try {
    return chooseCamera(await videoDevices(md), config) !== null;
  } catch {
    return false;
  }
}

function constraints(config: NonNullable<CameraInfo>, deviceId: string | null): MediaStreamConstraints {
  return {
    audio: false,
    video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { ideal: config.width }, height: { ideal: config.height } },
  };
}

/**
 * Open the configured camera, video only. When ids and labels are hidden (first use), any camera is
 * opened to gain them, the choice made again, and the right camera opened if it was another one.
 */
export async function openCamera(config: CameraInfo): Promise<CameraOpen> {
  const md = media();
  if (!config || !md) return { ok: false, reason: 'no-camera', message: config ? 'this browser has no camera access' : 'no camera is configured' };
  let stream: MediaStream | null = null;
  try {
    let choice = chooseCamera(await videoDevices(md), config);
    if (!choice) return { ok: false, reason: 'no-camera', message: 'the configured camera is not attached' };
    stream = await md.getUserMedia(constraints(config, choice.deviceId));
    if (choice.deviceId === null && (config.label || config.deviceId)) {
      // Now that labels and ids are visible, make sure this is the configured camera.
      choice = chooseCamera(await videoDevices(md), config);
      const open = stream.getVideoTracks()[0]?.getSettings().deviceId ?? null;
      if (!choice || !choice.deviceId) {
        stopStream(stream);
        return { ok: false, reason: 'no-camera', message: 'the configured camera is not attached' };
      }
      if (choice.deviceId !== open) {
        stopStream(stream);
        stream = null;
        stream = await md.getUserMedia(constraints(config, choice.deviceId));
      }
    }
    return { ok: true, stream, label: stream.getVideoTracks()[0]?.label ?? '' };
  } catch (e) {
    stopStream(stream);
    return { ok: false, reason: failureOf(e), message: (e as Error)?.message ?? String(e) };
  }
}

/** Base64 of a blob's bytes, without a data: URL round trip through a string the size of the image twice. */
async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/**
 * One frame of the playing video as a JPEG for the host: scaled to {@link FRAME_EDGE}, at lower
 * quality when too large for {@link MAX_FRAME_BYTES}. Null when the video has no frame yet or no
 * quality fits. The canvas is cleared afterwards: a face does not linger in the page's memory.
 */
export async function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<{ jpegBase64: string; width: number; height: number } | null> {
  const size = frameSize(video.videoWidth, video.videoHeight);
  if (size.width === 0 || video.readyState < 2) return null;
  canvas.width = size.width;
  canvas.height = size.height;
  const g = canvas.getContext('2d');
  if (!g) return null;
  try {
    g.drawImage(video, 0, 0, size.width, size.height);
    for (const q of JPEG_QUALITIES) {
      const blob = await toJpeg(canvas, q);
      if (blob && frameFits(blob.size)) return { jpegBase64: await base64Of(blob), ...size };
    }
    return null;
  } finally {
    g.clearRect(0, 0, canvas.width, canvas.height);
    canvas.width = 0;
    canvas.height = 0;
  }
}
