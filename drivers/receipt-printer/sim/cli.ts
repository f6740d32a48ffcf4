/**
 * Standalone receipt-printer simulator for manual testing:
 *
 *   node --import tsx drivers/receipt-printer/sim/cli.ts [--port 9100] [--host 127.0.0.1] [--pty]
 *        [--speed 200] [--out DIR] [--near-end] [--paper-end] [--cover-open] [--offline]
 *        [--near-end-bits both|first|second]
 *
 * Then type on stdin: `near-end on|off`, `paper-end on|off`, `cover on|off`, `offline on|off`,
 * `paper N` (a roll with N lines left: it runs out mid-job), `state`, `quit`. Each finished receipt is printed to stdout and, with --out, saved as .txt/.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { SimPrinter, SimPrinterState } from './printer-sim.js';
import { startPtyPrinterSim } from './pty-printer-sim.js';
import { startTcpPrinterSim } from './tcp-printer-sim.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    pty: { type: 'boolean', default: false },
    speed: { type: 'string', default: '200' },
    out: { type: 'string' },
    'near-end': { type: 'boolean', default: false },
    'paper-end': { type: 'boolean', default: false },
    'cover-open': { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    'near-end-bits': { type: 'string', default: 'both' },
  },
});

const speedMmPerS = Number(values.speed);
const nb = values['near-end-bits'];
const nearEndBits = nb === 'first' || nb === 'second' ? nb : 'both';
let printer: SimPrinter;
let close: () => Promise<void>;
if (values.pty) {
  const sim = await startPtyPrinterSim({ speedMmPerS, nearEndBits });
  printer = sim.printer;
  close = sim.close;
  console.log(`printer simulator on ${sim.uri}`);
} else {
  const sim = await startTcpPrinterSim({ speedMmPerS, nearEndBits, host: values.host, port: Number(values.port) });
  printer = sim.printer;
  close = sim.close;
  console.log(`printer simulator on ${sim.uri}`);
}
printer.setState({ paperNearEnd: values['near-end'], paperEnd: values['paper-end'], coverOpen: values['cover-open'], online: !values.offline });
console.log('state', JSON.stringify(printer.state()));

let n = 0;
if (values.out) mkdirSync(values.out, { recursive: true });
printer.onPrintout((p) => {
  n++;
  console.log(`--- printout ${n}${p.partial ? ' (partial: the rest of its job was cleared)' : ''} (${p.printMs} ms mechanism time) ---\n${p.text}\n---`);
  if (values.out) {
    writeFileSync(join(values.out, `receipt-${n}.txt`), p.text + '\n');
    writeFileSync(join(values.out, `receipt-${n}.png`), printer.png(p));
  }
});

const keys: Record<string, keyof SimPrinterState> = { 'near-end': 'paperNearEnd', 'paper-end': 'paperEnd', cover: 'coverOpen', offline: 'online' };
const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'quit') {
    rl.close();
    return;
  }
  if (cmd === 'state') return console.log(JSON.stringify(printer.state()));
  if (cmd === 'paper' && arg && /^\d{1,6}$/.test(arg)) {
    printer.loadPaper(Number(arg));
    return console.log(`roll loaded with ${arg} lines left`);
  }
  const key = cmd ? keys[cmd] : undefined;
  if (!key || (arg !== 'on' && arg !== 'off')) return console.log('commands: near-end|paper-end|cover|offline on|off, paper N, state, quit');
  const on = arg === 'on';
  printer.setState({ [key]: key === 'online' ? !on : on });
  console.log(JSON.stringify(printer.state()));
});
rl.on('close', () => void close().then(() => process.exit(0)));
process.on('SIGTERM', () => rl.close());
process.on('SIGINT', () => rl.close());
