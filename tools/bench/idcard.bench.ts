import type { IdCard } from '../../contracts/devices.js';
import { IdCardReader } from '../../drivers/idcard/reader/idcard-reader.js';
import { ptyBackend } from '../../drivers/core/sim/pty-pair.js';
import { hostTransportFor, startSimulator } from '../../drivers/idcard/sim/start-simulator.js';

/**
 * Card placement → cardInserted, against the SAM simulator on a pty pair at 115200 baud with no
 * added device delay. A pty has no line speed of its own, so the simulator paces its writes to
 * 115200 (10 bits per byte); the driver's frames go through the pty unpaced, so the wire figure
 * below counts both directions at line speed and the measured time is, if anything, optimistic
 * by the ~3 ms of command bytes.
 *
 * Goal: median ≤ 1.3 × wire time + one polling interval. The placement lands at a
 * random point of the polling interval, so on average half an interval is spent before the find
 * that sees the card.
 */
const READS = 50;
const BAUD = 115200;
const POLL_MS = 300;

const running = await startSimulator({ baudRate: BAUD, responseDelayMs: 0, readDelayMs: 0 });
const reader = new IdCardReader({
  transport: running.mode === 'pty' ? 'serial' : 'memory',
  simulated: true,
  createTransport: async () => hostTransportFor(running, BAUD),
  pollIntervalMs: POLL_MS,
});
await reader.open();

const times: number[] = [];
const exchanges: number[] = [];
// Frames of one read: the requests 20 01, 20 02, 30 01 (10 bytes each) and their answers
// 9F + 4 data (15), 90 + 8 data (19) and 90 + text + photo (1295).
const wireBytes = 3 * 10 + 15 + 19 + 1295;
const keys = running.sim.listCards().map((c) => c.key);
try {
  for (let i = 0; i < READS; i++) {
    running.sim.removeCard();
    const pending = reader.readCard({ timeoutMs: 10_000 });
    // Place at a random moment of the polling cycle.
    await new Promise((r) => setTimeout(r, 50 + Math.random() * POLL_MS));
    const inserted = new Promise<IdCard>((r) => {
      const sub = reader.onDidInsertCard((c) => (sub.dispose(), r(c)));
    });
    const t0 = performance.now();
    running.sim.placeCard(keys[i % keys.length]!);
    await inserted;
    const t1 = performance.now();
    times.push(t1 - t0);
    // From the simulator receiving the find that saw the card to cardInserted, plus that find
    // request's own 10 bytes: the exchange itself, without the wait for the next poll.
    exchanges.push(t1 - running.sim.lastFoundAt + (10 * 10 * 1000) / BAUD);
    await pending;
    await running.sim.flushed();
  }
} finally {
  await reader.dispose();
  await running.dispose();
}

times.sort((a, b) => a - b);
exchanges.sort((a, b) => a - b);
const pctOf = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const pct = (p: number) => pctOf(times, p);
const wireMs = (wireBytes * 10 * 1000) / BAUD;
const median = pct(50);
const p95 = pct(95);
const goal = 1.3 * wireMs + POLL_MS;
console.log(`idcard: ${READS} reads over ${running.mode === 'pty' ? `a ${ptyBackend()} pty pair` : 'the in-memory pair'} at ${BAUD} baud, poll ${POLL_MS} ms`);
console.log(`  frames per read: ${wireBytes} bytes (find, select, read), wire time ${wireMs.toFixed(1)} ms`);
console.log(`  placement → cardInserted: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms`);
console.log(`  ratio to wire time: median ${(median / wireMs).toFixed(2)}×, p95 ${(p95 / wireMs).toFixed(2)}×`);
console.log(`  goal: median ≤ 1.3 × wire + poll = ${goal.toFixed(1)} ms → ${median <= goal ? 'met' : 'NOT met'}`);
const exMedian = pctOf(exchanges, 50);
console.log(`  find → cardInserted (no poll wait): median ${exMedian.toFixed(1)} ms = ${(exMedian / wireMs).toFixed(2)}× wire, p95 ${pctOf(exchanges, 95).toFixed(1)} ms`);
