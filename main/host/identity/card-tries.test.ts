import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { IdCard } from '../../../contracts/devices.js';
import { DEMO_CARDS } from '../../../drivers/sim/demo-cards.js';
import { DiagnosticsStore } from '../diagnostics/audit-store.js';
import { CARD_TRIES_PER_HOUR, CARD_TRY_WINDOW_MS, CardTries } from './card-tries.js';

const card = (key: string): IdCard => ({ ...DEMO_CARDS.find((c) => c.key === key)!.card, photo: null, warnings: [] });

describe('face-check tries per card per hour', () => {
  const dir = mkdtempSync(join(tmpdir(), 'card-tries-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);

  it('locks a card out after its tries of the hour, across sessions and a restart, and frees it an hour after its oldest try', async () => {
    const t0 = Date.UTC(2026, 0, 5, 9, 0);
    let store = new DiagnosticsStore(dir);
    let tries = new CardTries(store, async () => key);
    const wang = card('wang');
    for (let i = 1; i <= CARD_TRIES_PER_HOUR; i++) {
      const s = await tries.add(wang, t0 + i * 60_000);
      assert.equal(s.used, i);
      assert.equal(s.lockedUntilMs, i === CARD_TRIES_PER_HOUR ? t0 + 60_000 + CARD_TRY_WINDOW_MS : null);
    }
    // Another citizen's card is not affected.
    assert.deepEqual(await tries.state(card('lin'), t0 + 10 * 60_000), { used: 0, lockedUntilMs: null });
    // A restart of the host keeps the count.
    store.close();
    store = new DiagnosticsStore(dir);
    tries = new CardTries(store, async () => key);
    assert.equal((await tries.state(wang, t0 + 30 * 60_000)).lockedUntilMs, t0 + 60_000 + CARD_TRY_WINDOW_MS);
    // The oldest try ages out: one try back.
    assert.deepEqual(await tries.state(wang, t0 + 60_000 + CARD_TRY_WINDOW_MS), { used: CARD_TRIES_PER_HOUR - 1, lockedUntilMs: null });
    // A kiosk with another key does not recognise the card (the tag is keyed, not a plain hash).
    assert.equal((await new CardTries(store, async () => randomBytes(32)).state(wang, t0 + 30 * 60_000)).used, 0);
    store.close();
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      assert.equal(bytes.includes(Buffer.from(wang.idNumber)), false, `${f} holds no ID number`);
      assert.equal(bytes.includes(Buffer.from(wang.idNumber.slice(-8))), false, `${f} holds no part of it`);
    }
  });
});
