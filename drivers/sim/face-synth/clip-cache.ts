import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoFaceSeed, emptyClip, liveClip, photoAttackClip, type CameraClip } from './scenes.js';
import { identityFromSeed } from './synth-face.js';

/**
 * Rendered camera clips kept on disk, for the tests and the e2e fake camera. A synthetic frame costs
 * 0.2–0.6 s of CPU and the same few clips are asked for again and again (by several tests, by every
 * e2e file with a camera, on every run), so each is rendered once. The file name is a hash of the
 * face-synth sources and the clip's arguments: a change to the renderer or to the request renders
 * afresh, and a stale clip is never served. Rendering is deterministic (seeded), so a cached clip is
 * byte for byte the one a fresh render gives.
 */
export type ClipScene = { kind: 'live'; card: string } | { kind: 'photo'; card: string } | { kind: 'empty' };
export interface ClipOptions {
  width: number;
  height: number;
  fps: number;
  seconds?: number;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/**
 * In the temp folder, so every checkout on the machine (worktrees, CI's fresh clone) shares it: the
 * name is the content hash, so sharing never serves a clip another version would not render.
 * KIOSK_CLIP_CACHE moves it.
 */
export const CLIP_CACHE_DIR = process.env.KIOSK_CLIP_CACHE ?? join(tmpdir(), 'kiosk-face-clips');

let sourcesHash: string | undefined;
/** What the pixels depend on: every source file of the renderer (its built copies, when run from a build). */
function rendererHash(): string {
  if (sourcesHash) return sourcesHash;
  const h = createHash('sha256');
  const ext = extname(fileURLToPath(import.meta.url));
  for (const name of readdirSync(HERE).filter((n) => n.endsWith(ext) && !n.endsWith(`.test${ext}`) && n !== `clip-cache${ext}`).sort()) {
    h.update(name).update('\0').update(readFileSync(join(HERE, name))).update('\0');
  }
  return (sourcesHash = h.digest('hex'));
}

export function clipKey(scene: ClipScene, o: ClipOptions): string {
  return createHash('sha256')
    .update(rendererHash())
    .update(JSON.stringify({ scene, o: { width: o.width, height: o.height, fps: o.fps, seconds: o.seconds ?? null } }))
    .digest('hex')
    .slice(0, 32);
}

export function renderClip(scene: ClipScene, o: ClipOptions): CameraClip {
  if (scene.kind === 'empty') return emptyClip(o);
  const face = identityFromSeed(demoFaceSeed(scene.card));
  return scene.kind === 'live' ? liveClip(face, o) : photoAttackClip(face, o);
}

/** The clip, from the cache when it is there, else rendered and stored (atomically: a parallel reader never sees half a file). */
export function cachedClip(scene: ClipScene, o: ClipOptions, dir = CLIP_CACHE_DIR): CameraClip {
  const file = join(dir, `${scene.kind}-${clipKey(scene, o)}.rgb`);
  if (existsSync(file)) {
    const clip = readClip(file);
    if (clip) return clip;
  }
  const clip = renderClip(scene, o);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const header = Buffer.from(`${JSON.stringify({ width: clip.width, height: clip.height, fps: clip.fps, frames: clip.frames.length })}\n`);
  writeFileSync(tmp, Buffer.concat([header, ...clip.frames.map((f) => Buffer.from(f.rgb.buffer, f.rgb.byteOffset, f.rgb.byteLength))]));
  renameSync(tmp, file);
  return clip;
}

/** A stored clip, or null when the file is not one (truncated, another format): then it is rendered again. */
function readClip(file: string): CameraClip | null {
  const buf = readFileSync(file);
  const nl = buf.indexOf(0x0a);
  if (nl < 0) return null;
  let head: { width: number; height: number; fps: number; frames: number };
  try {
    head = JSON.parse(buf.subarray(0, nl).toString('utf8')) as typeof head;
  } catch (e) {
    if (e instanceof SyntaxError) return null;
    throw e;
  }
  const size = head.width * head.height * 3;
  if (buf.length !== nl + 1 + size * head.frames) return null;
  const frames = Array.from({ length: head.frames }, (_, i) => ({ width: head.width, height: head.height, rgb: new Uint8Array(buf.subarray(nl + 1 + i * size, nl + 1 + (i + 1) * size)) }));
  return { width: head.width, height: head.height, fps: head.fps, frames };
}
