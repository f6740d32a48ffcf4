import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { fakeCameraArgs, showToCamera, type CameraScene } from './fake-camera.js';
import { makeTempDir, removeDir, startKiosk, type KioskProcess } from './kiosk-process.js';

/** One kiosk (browser host on a fresh data dir) and one Chromium for a describe block. */
export interface KioskSuite {
  readonly dir: string;
  readonly browser: Browser;
  /** Assignable: a test may restart the host and put the new process here. */
  kiosk: KioskProcess;
  /** With `camera: true`: what the fake camera shows from the next time a page opens it. */
  showToCamera(scene: CameraScene): void;
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Register the before/after hooks that start the kiosk with `config` and a browser, and stop and
 * remove both afterwards. Call inside `describe`. When a test fails, the host's own output and the
 * end of its log file are printed: CI runs on a machine we cannot log in to, so this is the evidence.
 */
export function kioskSuite(opts: { config?: Record<string, unknown>; camera?: boolean } = {}): KioskSuite {
  const dir = makeTempDir();
  const cameraFile = join(dir, 'camera.y4m');
  const suite = {
    dir,
    showToCamera: (scene: CameraScene) => {
      if (!opts.camera) throw new Error('this suite has no camera: kioskSuite({ camera: true })');
      showToCamera(cameraFile, scene);
    },
  } as KioskSuite & { browser: Browser; kiosk: KioskProcess };
  before(async () => {
    suite.kiosk = await startKiosk({ dir, config: opts.config });
    // Without a camera the face check's policy applies (a required one makes its service unavailable).
    if (opts.camera) showToCamera(cameraFile, { kind: 'empty' });
    suite.browser = await launchBrowser(opts.camera ? fakeCameraArgs(cameraFile) : []);
  });
  afterEach((t) => {
    if (t.passed || !suite.kiosk) return;
    const state = suite.kiosk.child.exitCode === null ? 'running' : `exited with ${suite.kiosk.child.exitCode}`;
    const log = join(dir, 'data', 'logs', 'kiosk.log');
    console.error(`--- "${t.name}" failed; the kiosk host is ${state}. Its output:\n${tail(suite.kiosk.output(), 40)}`);
    if (existsSync(log)) console.error(`--- end of ${log}:\n${tail(readFileSync(log, 'utf8'), 40)}`);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.kiosk?.stop();
    removeDir(dir);
  });
  return suite;
}
