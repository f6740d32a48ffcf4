import type { DocumentCameraConfig } from '../../../contracts/config.js';
import type { DiagDocumentCamera } from '../../../contracts/diagnostics-protocol.js';
import type { PageProcessor } from './page-processor.js';

/**
 * The document camera as a technician sees it. The camera itself is opened by the kiosk's screen
 * (getUserMedia), not by the host, so the host reports what it can vouch for: how the camera is
 * configured (label or device id, resolution) and whether the page-processing worker (OpenCV)
 * starts. `ready`: configured and the worker starts; `offline`/`not-configured`: this kiosk has
 * none (not a fault); `error`: the worker does not start (no page can be processed).
 */
export type DocumentCameraHealth = DiagDocumentCamera;

export async function checkDocumentCamera(camera: DocumentCameraConfig, processor: Pick<PageProcessor, 'started'>, timeoutMs: number): Promise<DocumentCameraHealth> {
  const base = { id: 'document-camera', kind: 'document-camera' } as const;
  if (!camera) return { ...base, state: 'offline', detail: 'not-configured', ok: true, configured: false, label: null, deviceId: null, width: null, height: null, worker: null };
  const config = { configured: true, label: camera.label, deviceId: camera.deviceId, width: camera.width, height: camera.height };
  const t0 = performance.now();
  try {
    await processor.started(timeoutMs);
    return { ...base, ...config, state: 'ready', detail: null, ok: true, worker: { started: true, ms: Math.round(performance.now() - t0), message: null } };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ...base, ...config, state: 'error', detail: 'worker-not-started', ok: false, worker: { started: false, ms: Math.round(performance.now() - t0), message } };
  }
}

/** One line for a report: `label "…" / device id …, W×H, worker started in N ms`. */
export function describeDocumentCamera(h: DocumentCameraHealth): string {
  if (!h.configured) return 'not configured (devices.documentCamera: null)';
  const which = [h.label !== null ? `label "${h.label}"` : null, h.deviceId !== null ? `device id ${h.deviceId}` : null].filter(Boolean).join(', ') || 'the first camera';
  const worker = h.worker?.started ? `processing worker started in ${h.worker.ms} ms` : `processing worker did not start: ${h.worker?.message ?? 'unknown'}`;
  return `${which}, ${h.width}×${h.height}, ${worker}`;
}
