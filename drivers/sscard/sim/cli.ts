import { createInterface } from 'node:readline';
import { DEMO_SSCARDS, findDemoSsCard } from './demo-sscards.js';
import { VpcdCard } from './vpcd-card.js';
import { VPCD_DEFAULT_PORT } from './vpcd-frames.js';

/**
 * A virtual social security card in vsmartcard's vpcd reader, for trying the kiosk and
 * `kiosk-diag sscard` through pcscd:
 *   node --import tsx drivers/sscard/sim/cli.ts [--card KEY] [--port 35963] [--host 127.0.0.1]
 * then type `list`, `insert KEY`, `remove`, `log` (the APDUs the card received), `quit`.
 */
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(opt('--port') ?? VPCD_DEFAULT_PORT);
const slot = new VpcdCard({ host: opt('--host') ?? '127.0.0.1', port, connectTimeoutMs: 10_000 });

async function insert(key: string): Promise<void> {
  const card = findDemoSsCard(key);
  if (!card) {
    console.log(`no card "${key}"; try: ${DEMO_SSCARDS.map((c) => c.key).join(' ')}`);
    return;
  }
  await slot.insert(card);
  console.log(`inserted ${card.key} (${card.label}) into vpcd port ${port}`);
}

const first = opt('--card');
if (first) await insert(first);
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [cmd, arg] = line.trim().split(/\s+/);
  try {
    if (cmd === 'list') for (const c of DEMO_SSCARDS) console.log(`${c.key.padEnd(14)} ${c.label}`);
    else if (cmd === 'insert' && arg) await insert(arg);
    else if (cmd === 'remove') {
      await slot.remove();
      console.log('removed');
    } else if (cmd === 'log') for (const a of slot.current?.log ?? []) console.log(Buffer.from(a).toString('hex').toUpperCase());
    else if (cmd === 'quit') break;
    else if (cmd) console.log('commands: list, insert KEY, remove, log, quit');
  } catch (e) {
    console.log(`error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
await slot.remove();
rl.close();
