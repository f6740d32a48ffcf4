import type { BundleDefinition } from '../../../contracts/bundle-definition.js';
import type { LocalizedText, ServiceDefinition } from '../../../contracts/service-definition.js';

/** Every word of the query is somewhere in the text (case-insensitive); an empty query matches all. */
function matches(texts: readonly string[], query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hay = texts.join('\n').toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

const both = (t: LocalizedText) => [t['zh-CN'], t.en];

/** The text a service is found by: names in both languages, description, department, keywords (pinyin initials, synonyms). */
function serviceText(s: Pick<ServiceDefinition, 'name' | 'description' | 'department' | 'keywords'>): string[] {
  return [...both(s.name), ...both(s.description), ...both(s.department.name), ...s.keywords];
}

/** Services matching `query` (names in both languages, description, department, keywords) and the department filter. */
export function filterServices(services: ServiceDefinition[], query: string, department: string | null): ServiceDefinition[] {
  return services.filter((s) => (!department || s.department.id === department) && matches(serviceText(s), query));
}

/**
 * Life-event bundles (一件事) matching `query`: by their names in both languages, description and
 * keywords (the pinyin initials of the name, e.g. "txyjs" for 退休一件事, and synonyms), and by the
 * names of their member services, so a citizen who searches for one part of a life event (契税,
 * 公积金继承) also finds the bundle that does it together with the rest.
 */
export function filterBundles(bundles: BundleDefinition[], query: string, services: readonly Pick<ServiceDefinition, 'id' | 'name'>[] = []): BundleDefinition[] {
  if (!query.trim()) return bundles;
  const names = new Map(services.map((s) => [s.id, s.name]));
  return bundles.filter((b) => {
    const members = b.members.flatMap((m) => [...(m.label ? both(m.label) : []), ...(names.has(m.service) ? both(names.get(m.service)!) : [])]);
    return matches([...both(b.name), ...both(b.description), ...b.keywords, ...members], query);
  });
}

/** The departments of the catalog, in first-seen order. */
export function departmentsOf(services: ServiceDefinition[]): ServiceDefinition['department'][] {
  const seen = new Map<string, ServiceDefinition['department']>();
  for (const s of services) if (!seen.has(s.department.id)) seen.set(s.department.id, s.department);
  return [...seen.values()];
}
