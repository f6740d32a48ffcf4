import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, writeSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoFaceSeed, emptyClip, liveClip, photoAttackClip, type CameraClip } from '../../../drivers/sim/face-synth/scenes.js';
import { identityFromSeed } from '../../../drivers/sim/face-synth/synth-face.js';
import { y4mFrame, y4mHeader } from '../../../drivers/sim/face-synth/y4m.js';

/**
 * What Chromium's fake camera shows (`--use-file-for-fake-video-capture`, a looping .y4m): a demo
 * card holder turning their head, a picture of them held up and turned, or nobody. Chromium opens the
 * file each time a page starts the camera, so a test changes the scene by rewriting the file before
 * the face step opens the camera. Clips are rendered once per machine (synthetic faces, ~15 s each)
 * and kept in the temp folder under a versioned name.
 */
export type CameraScene = { kind: 'live'; card: string } | { kind: 'photo'; card: string } | { kind: 'empty' };

const CACHE = join(tmpdir(), 'kiosk-fake-camera-v5');

function render(scene: CameraScene): CameraClip {
  // 5 frames a second is enough: the page samples at most 4 (face.begin maxFps) and each costs ~0.4 s to render.
  const o = { width: 640, height: 480, fps: 5, seconds: 7 };
  if (scene.kind === 'empty') return emptyClip(o);
  const face = identityFromSeed(demoFaceSeed(scene.card));
  return scene.kind === 'live' ? liveClip(face, o) : photoAttackClip(face, o);
}

function cached(scene: CameraScene): string {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, scene.kind === 'empty' ? 'empty.y4m' : `${scene.kind}-${scene.card}.y4m`);
  if (existsSync(file)) return file;
  const clip = render(scene);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, y4mHeader(clip.width, clip.height, clip.fps));
    for (const f of clip.frames) writeSync(fd, y4mFrame(f));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}

/** Put `scene` in front of the fake camera whose file is `cameraFile`. */
export function showToCamera(cameraFile: string, scene: CameraScene): void {
  copyFileSync(cached(scene), cameraFile);
}

/** Chromium flags for a fake camera playing `file` (and granting the page camera access without a prompt). */
export function fakeCameraArgs(file: string): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
}
