import type { ServiceDefinition } from '../../../contracts/service-definition.js';

/** Services matching `query` (names in both languages, description, department, keywords) and the department filter. */
export function filterServices(services: ServiceDefinition[], query: string, department: string | null): ServiceDefinition[] {
  const q = query.trim().toLowerCase();
  return services.filter((s) => {
    if (department && s.department.id !== department) return false;
    if (!q) return true;
    const hay = [s.name['zh-CN'], s.name.en, s.description['zh-CN'], s.description.en, s.department.name['zh-CN'], s.department.name.en, ...s.keywords].join('\n').toLowerCase();
    return q.split(/\s+/).every((w) => hay.includes(w));
  });
}

/** The departments of the catalog, in first-seen order. */
export function departmentsOf(services: ServiceDefinition[]): ServiceDefinition['department'][] {
  const seen = new Map<string, ServiceDefinition['department']>();
  for (const s of services) if (!seen.has(s.department.id)) seen.set(s.department.id, s.department);
  return [...seen.values()];
}
