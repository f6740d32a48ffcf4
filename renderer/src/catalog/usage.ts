import type { LifeEvent, ServiceDefinition } from '../../../contracts/service-definition.js';

/**
 * How often each service was opened on this kiosk: service id → count, nothing else (no person,
 * no time), kept in the kiosk's own storage so the most used services come first.
 */
export type UsageCounts = Record<string, number>;

const KEY = 'openkiosk.service-usage.v1';
/** Bounded: a malformed or huge stored value is dropped, never trusted. */
const MAX_ENTRIES = 500;

export function parseUsage(raw: string | null): UsageCounts {
  if (!raw || raw.length > 64_000) return {};
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: UsageCounts = {};
    for (const [k, n] of Object.entries(v).slice(0, MAX_ENTRIES)) if (typeof n === 'number' && Number.isFinite(n) && n > 0) out[k] = Math.floor(n);
    return out;
  } catch (e) {
    console.warn('service usage counts unreadable, starting again', e);
    return {};
  }
}

export function loadUsage(storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): UsageCounts {
  try {
    return parseUsage(storage?.getItem(KEY) ?? null);
  } catch (e) {
    console.warn('service usage counts unavailable', e);
    return {};
  }
}

/** Count one opening of `id` and store it; returns the new counts. */
export function countUse(id: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): UsageCounts {
  const counts = loadUsage(storage);
  counts[id] = (counts[id] ?? 0) + 1;
  try {
    storage?.setItem(KEY, JSON.stringify(counts));
  } catch (e) {
    console.warn('service usage counts not stored', e);
  }
  return counts;
}

/** The catalog order: most used on this kiosk first, then the definitions' `order`, then id. */
export function rankServices(services: readonly ServiceDefinition[], counts: UsageCounts): ServiceDefinition[] {
  return [...services].sort((a, b) => (counts[b.id] ?? 0) - (counts[a.id] ?? 0) || a.order - b.order || a.id.localeCompare(b.id));
}

/** The filter the citizen chose: everything, one department, or one life event (一件事). */
export type CatalogFilter = { kind: 'all' } | { kind: 'department'; id: string } | { kind: 'event'; id: LifeEvent };

export function applyFilter(services: readonly ServiceDefinition[], f: CatalogFilter): ServiceDefinition[] {
  if (f.kind === 'department') return services.filter((s) => s.department.id === f.id);
  if (f.kind === 'event') return services.filter((s) => s.lifeEvents.includes(f.id));
  return [...services];
}

/** The life events that have at least one service, in the schema's order. */
export function lifeEventsOf(services: readonly ServiceDefinition[]): LifeEvent[] {
  const seen = new Set(services.flatMap((s) => s.lifeEvents));
  return (['birth', 'school', 'work', 'marriage', 'family', 'housing', 'business', 'health', 'travel', 'retirement', 'bereavement'] as const).filter((e) => seen.has(e));
}

/**
 * How many tiles fit a page: whole columns × whole rows of the tile grid's box (so nothing is cut
 * and nothing scrolls); elderly mode shows at most `elderlyMax` (fewer choices per screen).
 */
export function pageSize(box: { width: number; height: number }, tile: { width: number; height: number }, gap: number, elderlyMax: number | null): number {
  return pageLayout(box, tile, gap, elderlyMax).size;
}

/**
 * Tiles per page and the columns to lay them in. Without a cap every row and column the box holds
 * is used. With one (elderly: at most 4 tiles) the page is the fullest whole grid within the cap, so
 * no row is left with a lone tile: 3 columns × 2 rows capped at 4 becomes 2 × 2, not 3 + 1.
 */
export function pageLayout(box: { width: number; height: number }, tile: { width: number; height: number }, gap: number, elderlyMax: number | null): { size: number; cols: number } {
  // Not laid out yet (no width): a guess until the first measurement. A box squeezed to no height (the
  // keyboard up on a short screen) still gets one row: a larger guess there would make the page hold
  // more than a row's worth, hide the pager, give the grid a little height back, shrink the page to
  // one row, show the pager again, and so on, tiles and buttons never coming to rest.
  if (box.width <= 0) return { size: elderlyMax ?? 6, cols: elderlyMax ? Math.min(2, elderlyMax) : 2 };
  const cols = Math.max(1, Math.floor((box.width + gap) / (tile.width + gap)));
  const rows = Math.max(1, Math.floor((box.height + gap) / (tile.height + gap)));
  if (!elderlyMax || cols * rows <= elderlyMax) return { size: cols * rows, cols };
  let best = { size: 1, cols: 1 };
  for (let c = 1; c <= cols; c++) {
    const r = Math.min(rows, Math.floor(elderlyMax / c));
    // On a tie the fewer, wider columns win: larger tiles are the point of the elderly mode.
    if (r >= 1 && c * r > best.size) best = { size: c * r, cols: c };
  }
  return best;
}

/** Split into pages of `size`; the page index is kept in range. */
export function paginate<T>(items: readonly T[], size: number, page: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / Math.max(1, size)));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * size, (p + 1) * size), page: p, pages };
}
