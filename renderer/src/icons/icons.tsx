import type { JSX } from 'react';
/** Inline SVG icons: no icon font or emoji font is needed on the kiosk's OS. */
const common = { width: '1em', height: '1em', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export function IdCardIcon() {
  return (
    <svg {...common} aria-hidden="true">
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <circle cx="8.5" cy="11" r="2.2" />
      <path d="M5.5 16.2c.6-1.6 1.7-2.4 3-2.4s2.4.8 3 2.4M14 10h5M14 13h5M14 16h3" />
    </svg>
  );
}

export const ICONS: Record<string, () => JSX.Element> = {
  idcard: IdCardIcon,
};

export function Icon({ name }: { name: string }) {
  const C = ICONS[name] ?? IdCardIcon;
  return <C />;
}
