/**
 * Standalone serial scanner simulator on a pseudo-terminal pair (socat, else node-pty), for manual
 * testing:
 *
 *   node --import tsx drivers/scanner/sim/cli.ts [--suffix cr|lf|crlf|none] [--encoding utf-8|gb18030]
 *        [--chunk N] [--gap MS] [--aim ']Q1']
 *
 * It prints the device path to give to `kiosk-diag scan --port …`; every line typed on stdin is sent
 * as one scan.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startPtyScannerSim, type SimScanOptions } from './scanner-sim.js';

const { values } = parseArgs({
  options: {
    suffix: { type: 'string', default: 'cr' },
    encoding: { type: 'string', default: 'utf-8' },
    chunk: { type: 'string' },
    gap: { type: 'string', default: '2' },
    aim: { type: 'string' },
  },
});
const suffixes: Record<string, SimScanOptions['suffix']> = { cr: '\r', lf: '\n', crlf: '\r\n', none: '' };
const suffix = suffixes[values.suffix];
if (suffix === undefined || (values.encoding !== 'utf-8' && values.encoding !== 'gb18030')) {
  console.error('usage: --suffix cr|lf|crlf|none --encoding utf-8|gb18030');
  process.exit(2);
}
const opts: SimScanOptions = {
  suffix,
  encoding: values.encoding,
  chunkSize: values.chunk ? Number(values.chunk) : undefined,
  chunkGapMs: Number(values.gap),
  aim: values.aim,
};
const sim = await startPtyScannerSim();
console.log(`scanner simulator: kiosk-diag scan --port ${sim.devicePath}`);
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  sim.scan(line, opts).then(
    () => console.log(`sent ${Buffer.byteLength(line)} bytes`),
    (e: Error) => console.error(`send failed: ${e.message}`),
  );
});
const stop = (): void => void sim.close().then(() => process.exit(0));
rl.on('close', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
