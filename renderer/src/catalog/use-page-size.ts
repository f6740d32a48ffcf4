import { useEffect, useState, type RefObject } from 'react';
import { pageLayout } from './usage.js';

/**
 * Tiles per page for the tile grid in `ref`, and its columns, following its size (ResizeObserver)
 * and the mode's tile size.
 */
export function usePageSize(ref: RefObject<HTMLElement | null>, elderlyMax: number | null): { size: number; cols: number } {
  const [layout, setLayout] = useState(() => ({ size: elderlyMax ?? 6, cols: 2 }));
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const cs = getComputedStyle(el);
      const px = (name: string, fallback: number) => parseFloat(cs.getPropertyValue(name)) || fallback;
      const gap = parseFloat(cs.rowGap) || 0;
      const next = pageLayout({ width: el.clientWidth, height: el.clientHeight }, { width: px('--tile-w', 340), height: px('--tile-h', 150) }, gap, elderlyMax);
      setLayout((old) => (old.size === next.size && old.cols === next.cols ? old : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, elderlyMax]);
  return layout;
}
