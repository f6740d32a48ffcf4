import { parentPort } from 'node:worker_threads';
import { loadOpenCv } from './opencv.js';
import { detectOutline, processFrame, type ProcessedPage, type ProcessOptions } from './process-page.js';
import type { PaperKind, Quad } from './page-processing.js';

/**
 * Camera frames are decoded, rectified and compressed here, off the host's event loop: an 8 MP
 * frame costs around a second of CPU that the socket, device timeouts and `host.ping` must not
 * wait for. OpenCV's wasm runtime is compiled once, when the worker starts.
 */
export type MaterialsRequest = { id: number; kind: 'process'; image: ArrayBuffer; options: ProcessOptions } | { id: number; kind: 'detect'; image: ArrayBuffer; paper: PaperKind };
export type MaterialsReply =
  | { id: number; ok: true; kind: 'process'; page: ProcessedPage }
  | { id: number; ok: true; kind: 'detect'; corners: Quad | null }
  | { id: number; ok: false; message: string; badInput: boolean };

const cvReady = loadOpenCv();
// Say when OpenCV is compiled: request budgets start then, not while the wasm compiles (seconds on a busy machine).
void cvReady.then(
  () => parentPort?.postMessage({ ready: true }),
  (e: unknown) => parentPort?.postMessage({ ready: false, message: e instanceof Error ? e.message : String(e) }),
);

parentPort?.on('message', (m: MaterialsRequest) => {
  void handle(m).then((r) => parentPort!.postMessage(r));
});

async function handle(m: MaterialsRequest): Promise<MaterialsReply> {
  const image = Buffer.from(m.image);
  try {
    const cv = await cvReady;
    if (m.kind === 'detect') return { id: m.id, ok: true, kind: 'detect', corners: await detectOutline(cv, image, m.paper) };
    return { id: m.id, ok: true, kind: 'process', page: await processFrame(cv, image, m.options) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // sharp names a frame it cannot read or one over the pixel limit: that is the sender's input.
    const badInput = /Input buffer|unsupported image format|pixel limit|corrupt|premature end/i.test(message);
    return { id: m.id, ok: false, message: badInput ? `the frame is not a readable image (${message.slice(0, 120)})` : message, badInput };
  } finally {
    image.fill(0);
  }
}
