import type { BundleDefinition } from '../../../../contracts/bundle-definition.js';
import type { ServiceDefinition } from '../../../../contracts/service-definition.js';
import { filterBundles, filterServices } from '../../catalog/search.js';
import { applyFilter, paginate, type CatalogFilter } from '../../catalog/usage.js';

/** A tile of the search results: a service, or a life-event bundle the search also found. */
export type Tile = { service: ServiceDefinition } | { bundle: BundleDefinition };

/**
 * What the tiles show: the ranked services the filter and query keep (and, while searching all
 * services, the bundles the query finds), or the bundle list; one page of it, and the pager's place.
 */
export function catalogPages(ranked: ServiceDefinition[], bundles: BundleDefinition[], services: ServiceDefinition[], view: { filter: CatalogFilter; query: string; page: number; size: number; bundleView: boolean }) {
  const { filter, query, page, size, bundleView } = view;
  const shown = filterServices(applyFilter(ranked, filter), query, null);
  // Search finds life-event bundles too (by name, pinyin initials, their members' names): after the
  // services, so a service the citizen typed the name of stays where it was.
  const bundleList = filterBundles(bundles.slice().sort((a, b) => a.order - b.order), query, services);
  const searched: Tile[] = [...shown.map((s) => ({ service: s })), ...(query.trim() && filter.kind === 'all' ? bundleList.map((b) => ({ bundle: b })) : [])];
  const { items: visible, page: current, pages } = paginate(searched, size, page);
  const bundlePage = paginate(bundleList, size, page);
  const pager = bundleView ? { current: bundlePage.page, pages: bundlePage.pages } : { current, pages };
  return { visible, bundleItems: bundlePage.items, pager };
}
