// The worker thread behind pdf-tools.ts's synchronous `pdfjs()`: answers one request at a time on
// the port it is given, then wakes the waiting caller through the shared flag.
import { workerData } from 'node:worker_threads';
import { inspect } from './pdfjs-inspect.mjs';

const { port, flag } = workerData;
port.on('message', async ({ cmd, file, args }) => {
  try {
    port.postMessage({ ok: true, value: await inspect(cmd, file, ...args) });
  } catch (e) {
    port.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
