import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceDefinition, type ServiceDefinitionInput } from '../../../contracts/service-definition.js';
import { applyFilter, countUse, lifeEventsOf, pageLayout, pageSize, paginate, parseUsage, rankServices } from './usage.js';

/** A generated catalogue the size of a big hall: 80 services, 10 departments, life events on some. */
function catalogue(n: number): ServiceDefinition[] {
  return Array.from({ length: n }, (_, i) =>
    ServiceDefinition.parse({
      id: `svc-${String(i).padStart(2, '0')}`,
      name: { 'zh-CN': `业务${i}`, en: `Service ${i}` },
      description: { 'zh-CN': '说明', en: 'About' },
      department: { id: `dept-${i % 10}`, name: { 'zh-CN': `部门${i % 10}`, en: `Dept ${i % 10}` } },
      category: 'query',
      icon: 'idcard',
      order: i,
      lifeEvents: i % 4 === 0 ? ['housing'] : i % 4 === 1 ? ['work', 'retirement'] : [],
      steps: [
        { id: 'who', type: 'identify', method: 'idcard' },
        { id: 'end', type: 'done' },
      ],
    } satisfies ServiceDefinitionInput),
  );
}

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) } as Storage;
}

describe('catalogue at hall size: ranking, filters, pages', () => {
  const all = catalogue(80);

  it('most used on this kiosk first, then the definitions’ order; counts hold only ids and numbers', () => {
    const storage = memoryStorage();
    countUse('svc-42', storage);
    countUse('svc-42', storage);
    const counts = countUse('svc-07', storage);
    assert.deepEqual(counts, { 'svc-42': 2, 'svc-07': 1 });
    assert.deepEqual(JSON.parse(storage.getItem('openkiosk.service-usage.v1')!), { 'svc-42': 2, 'svc-07': 1 });
    const ranked = rankServices(all, counts).map((s) => s.id);
    assert.deepEqual(ranked.slice(0, 4), ['svc-42', 'svc-07', 'svc-00', 'svc-01']);
    assert.equal(ranked.length, 80);
  });

  it('stored counts that are malformed, huge or hostile are dropped, not trusted', () => {
    assert.deepEqual(parseUsage('not json'), {});
    assert.deepEqual(parseUsage('[1,2]'), {});
    assert.deepEqual(parseUsage(JSON.stringify({ a: 3, b: 'x', c: -1, d: Infinity, e: 2.7 })), { a: 3, e: 2 });
    assert.deepEqual(parseUsage('x'.repeat(100_000)), {});
  });

  it('filters by department and by life event (一件事)', () => {
    assert.equal(applyFilter(all, { kind: 'department', id: 'dept-3' }).length, 8);
    assert.equal(applyFilter(all, { kind: 'event', id: 'housing' }).length, 20);
    assert.equal(applyFilter(all, { kind: 'all' }).length, 80);
    assert.deepEqual(lifeEventsOf(all), ['work', 'housing', 'retirement']);
  });

  it('pages hold whole rows and columns of tiles; elderly pages hold at most 4', () => {
    // 1080 wide portrait: 2 columns of 340 px, 9 rows of 150 px.
    assert.equal(pageSize({ width: 1020, height: 1450 }, { width: 340, height: 150 }, 12, null), 18);
    assert.equal(pageSize({ width: 1020, height: 1450 }, { width: 460, height: 170 }, 12, 4), 4);
    // Room for 3 × 2 in elderly mode: 4 tiles as 2 × 2, never three and then one alone.
    assert.deepEqual(pageLayout({ width: 1500, height: 400 }, { width: 480, height: 130 }, 10, 4), { size: 4, cols: 2 });
    // One row of 3: 3 tiles, a full row.
    assert.deepEqual(pageLayout({ width: 1500, height: 150 }, { width: 480, height: 130 }, 10, 4), { size: 3, cols: 3 });
    assert.deepEqual(pageLayout({ width: 1020, height: 1450 }, { width: 340, height: 150 }, 12, null), { size: 18, cols: 2 });
    // A tiny box still shows one tile, never zero.
    assert.equal(pageSize({ width: 100, height: 50 }, { width: 340, height: 150 }, 12, null), 1);
    // A box with no height left (the keyboard up) holds one row, no more than a box a little taller:
    // the page size never grows as the box shrinks, so showing or hiding the pager cannot flip it.
    const squeezed = pageLayout({ width: 1311, height: 0 }, { width: 560, height: 140 }, 16, 4);
    assert.deepEqual(squeezed, pageLayout({ width: 1311, height: 58 }, { width: 560, height: 140 }, 16, 4));
    assert.deepEqual(squeezed, { size: 2, cols: 2 });
    for (let h = 0; h < 600; h += 7) {
      const a = pageSize({ width: 1311, height: h }, { width: 560, height: 140 }, 16, 4);
      assert.ok(a <= pageSize({ width: 1311, height: h + 7 }, { width: 560, height: 140 }, 16, 4), `shrinks from ${h + 7} px to ${h} px and grows`);
    }
    // Not laid out yet (no width): the guess until the first measurement.
    assert.deepEqual(pageLayout({ width: 0, height: 0 }, { width: 340, height: 150 }, 12, null), { size: 6, cols: 2 });
    const p = paginate(all, 18, 4);
    assert.deepEqual([p.page, p.pages, p.items.length, p.items[0]!.id], [4, 5, 8, 'svc-72']);
    assert.equal(paginate(all, 18, 99).page, 4, 'a page past the end shows the last page');
  });
});
