import { useEffect, useState, type RefObject } from 'react';
import { pageSize } from './usage.js';

/** Tiles per page for the tile grid in `ref`, following its size (ResizeObserver) and the mode's tile size. */
export function usePageSize(ref: RefObject<HTMLElement | null>, elderlyMax: number | null): number {
  const [size, setSize] = useState(elderlyMax ?? 6);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const cs = getComputedStyle(el);
      const px = (name: string, fallback: number) => parseFloat(cs.getPropertyValue(name)) || fallback;
      const gap = parseFloat(cs.rowGap) || 0;
      setSize(pageSize({ width: el.clientWidth, height: el.clientHeight }, { width: px('--tile-w', 340), height: px('--tile-h', 150) }, gap, elderlyMax));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, elderlyMax]);
  return size;
}
