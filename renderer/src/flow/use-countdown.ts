import { useEffect, useState } from 'react';

/** Whole seconds left of `totalSec` since `startKey` last changed (for visible device timeouts). */
export function useCountdown(totalSec: number, startKey: unknown): number {
  const [left, setLeft] = useState(totalSec);
  useEffect(() => {
    const started = Date.now();
    setLeft(totalSec);
    const id = setInterval(() => setLeft(Math.max(0, totalSec - Math.floor((Date.now() - started) / 1000))), 500);
    return () => clearInterval(id);
  }, [totalSec, startKey]);
  return left;
}
