import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CLIP_CACHE_DIR, clipKey, renderClip, type ClipScene } from '../../../drivers/sim/face-synth/clip-cache.js';
import { y4mFrame, y4mHeader } from '../../../drivers/sim/face-synth/y4m.js';

/**
 * What Chromium's fake camera shows (`--use-file-for-fake-video-capture`, a looping .y4m): a demo
 * card holder turning their head, a picture of them held up and turned, or nobody. Chromium opens the
 * file each time a page starts the camera, so a test changes the scene by rewriting the file before
 * the face step opens the camera. Clips are rendered once (synthetic faces, ~15 s each) and kept
 * in the face-clip cache under a hash of the renderer's sources and the clip's arguments
 * (drivers/sim/face-synth/clip-cache.ts), so a change to the renderer renders them afresh.
 */
export type CameraScene = ClipScene;

// 5 frames a second is enough: the page samples at most 4 (face.begin maxFps) and each costs ~0.4 s to render.
const CLIP = { width: 640, height: 480, fps: 5, seconds: 7 };

function cached(scene: CameraScene): string {
  mkdirSync(CLIP_CACHE_DIR, { recursive: true });
  const file = join(CLIP_CACHE_DIR, `${scene.kind}-${clipKey(scene, CLIP)}.y4m`);
  if (existsSync(file)) return file;
  const clip = renderClip(scene, CLIP);
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
