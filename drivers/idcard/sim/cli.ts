import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startSimulator } from './start-simulator.js';

/**
 * Standalone SAM reader simulator on a pseudo-terminal pair (socat, else node-pty), for manual use:
 *   node --import tsx drivers/idcard/sim/cli.ts --card ouyang [--stray 00AA13] [--chunk 7]
 *        [--baud 115200] [--delay MS] [--read-delay MS] [--fail-first-read 41] [--bad-checksum N]
 * The first stdout line is the pty path to give a driver (`kiosk-diag idcard --port PATH`).
 * stdin commands: `list`, `place KEY`, `remove`, `fail-read SW3`, `bad-checksum`, `quit`.
 */
const { values } = parseArgs({
  options: {
    card: { type: 'string' },
    stray: { type: 'string' },
    chunk: { type: 'string' },
    baud: { type: 'string' },
    delay: { type: 'string' },
    'read-delay': { type: 'string' },
    'fail-first-read': { type: 'string' },
    'bad-checksum': { type: 'string' },
  },
});

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const running = await startSimulator({
  initialCard: values.card,
  strayBytes: values.stray ? Uint8Array.from(Buffer.from(values.stray, 'hex')) : undefined,
  chunkSize: num(values.chunk),
  baudRate: num(values.baud),
  responseDelayMs: num(values.delay),
  readDelayMs: num(values['read-delay']),
});
const sim = running.sim;
if (values['fail-first-read']) sim.addFault({ command: 'readTextPhoto', kind: { status: parseInt(values['fail-first-read'], 16) }, count: 1 });
if (values['bad-checksum']) sim.addFault({ command: 'readTextPhoto', kind: 'bad-checksum', count: Number(values['bad-checksum']) });

process.stdout.write(`${running.hostPath ?? '(in-memory: no pseudo-terminals on this platform)'}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await running.dispose();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  try {
    if (cmd === 'list') for (const c of sim.listCards()) process.stderr.write(`${c.key}\t${c.label}\n`);
    else if (cmd === 'place' && arg) sim.placeCard(arg);
    else if (cmd === 'remove') sim.removeCard();
    else if (cmd === 'fail-read') sim.addFault({ command: 'readTextPhoto', kind: { status: parseInt(arg ?? '41', 16) }, count: 1 });
    else if (cmd === 'bad-checksum') sim.addFault({ command: 'readTextPhoto', kind: 'bad-checksum', count: 1 });
    else if (cmd === 'quit') void stop();
    else if (cmd) process.stderr.write('commands: list | place KEY | remove | fail-read SW3 | bad-checksum | quit\n');
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  }
});
rl.on('close', () => undefined);
