import { useTranslation } from 'react-i18next';
import type { CatalogFilter } from '../../catalog/usage.js';
import { Icon } from '../../icons/icons.js';

export interface CatalogToolsProps {
  query: string;
  filter: CatalogFilter;
  /** The chosen filter's name, on its button. */
  filterName: string;
  /** Whether there are life-event bundles to list (their entry shows only then). */
  hasBundles: boolean;
  bundleView: boolean;
  onQuery(query: string): void;
  onClear(): void;
  onFocusSearch(): void;
  onOpenFilter(): void;
  onChooseFilter(filter: CatalogFilter): void;
  onToggleBundles(): void;
}

/** Above the tiles: the search field (typed on the kiosk's keyboard), the filter button and the 一件事 entry. */
export function CatalogTools({ query, filter, filterName, hasBundles, bundleView, onQuery, onClear, onFocusSearch, onOpenFilter, onChooseFilter, onToggleBundles }: CatalogToolsProps) {
  const { t } = useTranslation();
  return (
    <div className="catalog-tools">
      <div className="search">
        <label htmlFor="catalog-search" className="sr-only">
          {t('catalog.search')}
        </label>
        <span className="search-icon" aria-hidden="true">
          <Icon name="search" />
        </span>
        <input
          id="catalog-search"
          className="search-input"
          value={query}
          placeholder={t('catalog.searchPlaceholder')}
          inputMode="none"
          autoComplete="off"
          onFocus={onFocusSearch}
          onChange={(e) => onQuery(e.target.value)}
          data-testid="search"
        />
        {query && (
          <button type="button" className="btn btn-secondary" onClick={onClear} data-testid="search-clear">
            {t('catalog.clear')}
          </button>
        )}
      </div>
      <button type="button" className={`btn btn-secondary filter-btn${filter.kind !== 'all' ? ' filter-on' : ''}`} onClick={onOpenFilter} aria-haspopup="dialog" data-testid="filter-open">
        <Icon name="search" /> {filter.kind === 'all' ? t('catalog.byGroup') : filterName}
      </button>
      {filter.kind !== 'all' && (
        <button type="button" className="btn btn-secondary" onClick={() => onChooseFilter({ kind: 'all' })} data-testid="dept-all">
          {t('catalog.allServices')}
        </button>
      )}
      {hasBundles && (
        <button type="button" className={`btn btn-secondary bundle-entry${bundleView ? ' filter-on' : ''}`} aria-pressed={bundleView} onClick={onToggleBundles} data-testid="bundles-open">
          <Icon name="family" /> {bundleView ? t('catalog.allServices') : t('bundle.entry')}
        </button>
      )}
    </div>
  );
}
