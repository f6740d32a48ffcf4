import type { KioskConfig } from '../../contracts/config.js';
import { startDemoBackend } from '../demo-backend/index.js';

/** The back end the kiosk talks to, as the queue service holds it. */
export interface LaunchedBackend {
  /** Base URL without a trailing slash. */
  url: string;
  /** True for the embedded demo back end (no `backend.url` in the config). */
  embedded: boolean;
  /** Stops the embedded demo back end; nothing to do for a configured one. */
  close(): Promise<void>;
}

/**
 * The configured back end, or, when the config names none, the embedded demo back end started on
 * 127.0.0.1. This file is the host's only door to `main/demo-backend/` (eslint.config.js allows no
 * other), so a real deployment's code paths never reach demo data by accident.
 */
export async function launchBackend(config: KioskConfig): Promise<LaunchedBackend> {
  if (config.backend.url) return { url: config.backend.url, embedded: false, close: async () => {} };
  const demo = await startDemoBackend({ dataDir: config.dataDir, token: config.backend.token });
  return { url: demo.url, embedded: true, close: () => demo.close() };
}
