import { identityFromSsCard } from '../../main/host/identity/sscard-identity.js';
import { maskIdentity } from '../../main/host/session.js';
import { SsCardReader } from '../../drivers/sscard/reader/sscard-reader.js';
import { readRecord, selectByName, selectEf, SSSE_DF_NAME } from '../../drivers/sscard/codec/commands.js';
import { findDemoSsCard } from '../../drivers/sscard/sim/demo-sscards.js';
import { MemoryStack } from '../../drivers/sscard/sim/memory-stack.js';
import { ensurePcscd } from '../../drivers/sscard/sim/pcscd-env.js';
import { VpcdCard } from '../../drivers/sscard/sim/vpcd-card.js';
import { PcscContext } from '../../drivers/sscard/transport/pcsc.js';
import type { SmartCardStack } from '../../drivers/sscard/transport/stack.js';

/**
 * The social security card: one APDU round trip, and card inserted → the citizen's masked
 * identity ready on the host (the reader sees the card, reads EF05/EF06 and the host turns it
 * into the identity the identify step shows). Through pcscd + vsmartcard-vpcd when the machine
 * has them, and in-process. Goal: insert → identity ≤ 800 ms through pcscd.
 */
const ROUND_TRIPS = 100;
const INSERTS = 12;
const pctOf = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const fmt = (xs: number[]) => `median ${pctOf(xs, 50).toFixed(1)} ms, p95 ${pctOf(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

async function roundTrips(stack: SmartCardStack, reader: string): Promise<number[]> {
  const link = await stack.connect(reader, 3000);
  try {
    await link.transmit(selectByName(SSSE_DF_NAME), 3000);
    await link.transmit(selectEf(0xef05), 3000);
    const times: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const t0 = performance.now();
      await link.transmit(readRecord(7, 11), 3000);
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    link.close();
  }
}

async function inserts(reader: SsCardReader, insert: (key: string) => Promise<void>, remove: () => Promise<void>, settle: () => Promise<void>): Promise<{ times: number[]; apdus: number }> {
  const times: number[] = [];
  for (let i = 0; i < INSERTS; i++) {
    const key = i % 2 ? 'ss-wang' : 'ss-ouyang';
    const pending = reader.readCard({ timeoutMs: 10_000 });
    const t0 = performance.now();
    await insert(key);
    const read = await pending;
    maskIdentity(identityFromSsCard(read, undefined));
    times.push(performance.now() - t0);
    reader.releaseCard();
    await remove();
    await settle();
  }
  return { times, apdus: 0 };
}

// In-process: the same virtual card at the APDU transport, no pcscd.
{
  const stack = new MemoryStack();
  stack.insert(findDemoSsCard('ss-wang')!);
  const rt = await roundTrips(stack, stack.readerName);
  stack.remove();
  const reader = new SsCardReader({ openStack: () => stack, transport: 'memory', simulated: true });
  await reader.open();
  const ins = await inserts(reader, async (k) => void stack.insert(findDemoSsCard(k)!), async () => stack.remove(), () => new Promise((r) => setTimeout(r, 10)));
  await reader.dispose();
  console.log('sscard (in-process simulated reader, no pcscd):');
  console.log(`  APDU round trip (READ RECORD, ${ROUND_TRIPS}×): ${fmt(rt)}`);
  console.log(`  card inserted → masked identity (${INSERTS}×, 2.0 strict-T=0 and 3.0 cards): ${fmt(ins.times)}`);
}

const env = await ensurePcscd();
if (!env.ok) {
  console.log(`sscard through pcscd: not run: ${env.reason}`);
} else {
  const READER = 'Virtual PCD 00 00';
  const slot = new VpcdCard({ port: 35963 });
  try {
    await slot.insert(findDemoSsCard('ss-wang')!);
    const ctx = PcscContext.open();
    for (let i = 0; i < 100 && !ctx.readers().find((r) => r.name === READER)?.present; i++) await new Promise((r) => setTimeout(r, 20));
    const rt = await roundTrips(ctx, READER);
    ctx.close();
    await slot.remove();
    const reader = new SsCardReader({ openStack: () => PcscContext.open(), transport: 'pcsc', readerName: READER });
    await reader.open();
    const gone = () =>
      new Promise<void>((resolve) => {
        const check = () => (reader.snapshot().cardPresent ? setTimeout(check, 10) : resolve());
        check();
      });
    const ins = await inserts(reader, async (k) => void (await slot.insert(findDemoSsCard(k)!)), () => slot.remove(), gone);
    const wang = await (async () => {
      const times: number[] = [];
      for (let i = 0; i < 6; i++) {
        const pending = reader.readCard({ timeoutMs: 10_000 });
        const t0 = performance.now();
        await slot.insert(findDemoSsCard('ss-wang')!);
        await pending;
        times.push(performance.now() - t0);
        reader.releaseCard();
        await slot.remove();
        await gone();
      }
      return times;
    })();
    await reader.dispose();
    console.log('sscard through pcscd + vsmartcard-vpcd (the TypeScript virtual card on vpcd\'s socket):');
    console.log(`  APDU round trip (READ RECORD, ${ROUND_TRIPS}×): ${fmt(rt)}`);
    console.log(`  card inserted → masked identity (${INSERTS}×, alternating 2.0 strict-T=0 and 3.0 cards): ${fmt(ins.times)}`);
    console.log(`  card inserted → masked identity, 3.0 card only (6×): ${fmt(wang)}`);
    const m = pctOf(ins.times, 50);
    console.log(`  goal: insert → identity ≤ 800 ms → ${m <= 800 ? 'met' : 'NOT met'} (median ${m.toFixed(0)} ms)`);
  } finally {
    await slot.remove();
    await env.stop();
  }
}
