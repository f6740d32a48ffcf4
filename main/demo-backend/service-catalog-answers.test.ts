import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackendClient } from '../host/backend-client.js';
import { loadCatalog, loadServiceCatalog } from '../host/service-catalog.js';
import { CHAN, LIN, OUYANG, WANG } from './service-demo-data.js';
import { startDemoBackend, type DemoBackend } from './server.js';
import { registerServiceRoutes } from './service-routes.js';

/** The hall-sized catalogue, and a demo back-end answer for every lookup it makes. */
describe('the service catalogue and its demo back-end answers', () => {
  const catalog = loadServiceCatalog('services');
  const dir = mkdtempSync(join(tmpdir(), 'catalog-answers-'));
  let backend: DemoBackend;
  let client: BackendClient;
  before(async () => {
    backend = await startDemoBackend({ dataDir: dir, token: 't0ken', routes: [registerServiceRoutes] });
    client = new BackendClient({ url: backend.url, token: 't0ken', timeoutMs: 5000 });
  });
  after(async () => {
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the hall-sized catalogue: at least 62 services from at least 9 departments, grouped by life events', () => {
    assert.ok(catalog.length >= 62, `${catalog.length} services`);
    const departments = new Set(catalog.map((s) => s.department.id));
    assert.ok(departments.size >= 9, `${departments.size} departments: ${[...departments].join(', ')}`);
    const events = new Set(catalog.flatMap((s) => s.lifeEvents));
    assert.ok(events.size >= 10, `${events.size} life events`);
  });

  it('offers at least 8 life-event bundles, each over at least two departments, with at least one member every citizen gets', () => {
    const { bundles, services } = loadCatalog('services');
    assert.ok(bundles.length >= 8, `${bundles.length} bundles`);
    const byId = new Map(services.map((s) => [s.id, s]));
    for (const b of bundles) {
      assert.ok(b.members.length >= 2, b.id);
      assert.ok(new Set(b.members.map((m) => byId.get(m.service)!.department.id)).size >= 2, `${b.id}: one department`);
      assert.ok(b.members.some((m) => !m.optional && !m.when), `${b.id}: every member optional`);
      assert.ok(b.keywords.some((k) => /^[a-z]+$/.test(k)), `${b.id}: no pinyin keyword for search`);
    }
    assert.ok(new Set(bundles.map((b) => b.lifeEvent)).size >= 8, 'bundles for eight different life events');
  });

  it('every lookup step is answered for at least one demo card, and "not found" for a person without a record', async () => {
    const queries = catalog.flatMap((s) => s.steps.flatMap((st) => (st.type === 'lookup' ? [`${s.id}: ${st.query}`] : [])));
    assert.ok(queries.length >= 10, `${queries.length} lookups`);
    for (const q of queries) {
      const query = q.split(': ')[1]!;
      let found = 0;
      let notFound = 0;
      for (const idNumber of [OUYANG, LIN, WANG, CHAN]) {
        try {
          const r = await client.post<{ summary: Record<string, unknown>; rows: unknown[] }>(`/v1/lookups/${query}`, { idNumber, params: {} });
          assert.equal(r.status, 200);
          assert.equal(typeof r.body.summary, 'object');
          assert.ok(Array.isArray(r.body.rows));
          found++;
        } catch (e) {
          assert.equal((e as { code?: string }).code, 'not-found', `${q}: ${(e as Error).message}`);
          notFound++;
        }
      }
      assert.ok(found >= 1, `${q}: no demo card has a record`);
      assert.ok(found + notFound === 4);
    }
  });

  it('every lookup summary key the definitions show exists in at least one demo answer', async () => {
    for (const s of catalog) {
      for (const st of s.steps) {
        if (st.type !== 'lookup' || st.query === 'e-certificates') continue;
        const keys = new Set<string>();
        for (const idNumber of [OUYANG, LIN, WANG, CHAN]) {
          const r = await client.post<{ summary: Record<string, unknown> }>(`/v1/lookups/${st.query}`, { idNumber, params: {} }).catch(() => null);
          for (const k of Object.keys(r?.body.summary ?? {})) keys.add(k);
        }
        for (const f of st.summary ?? []) assert.ok(keys.has(f.key), `${s.id}: summary key ${f.key} is in no demo answer`);
      }
    }
  });
});
