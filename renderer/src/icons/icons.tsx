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

const paths: Record<string, JSX.Element> = {
  shield: <path d="M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6l8-3zM8.5 12l2.5 2.5 4.5-5" />,
  house: <path d="M3 11l9-7 9 7M5.5 9.5V20h13V9.5M10 20v-6h4v6" />,
  wallet: <path d="M3 7h16a2 2 0 012 2v9a2 2 0 01-2 2H5a2 2 0 01-2-2V7zm0 0l12-3v3M16 13.5h2" />,
  family: <path d="M8 8a2.5 2.5 0 100-5 2.5 2.5 0 000 5zM16 9a2 2 0 100-4 2 2 0 000 4zM3.5 20v-3.5C3.5 13 5.5 11 8 11s4.5 2 4.5 5.5V20M13 20v-3c0-2.5 1.3-4 3-4s3 1.5 3 4v3" />,
  certificate: <path d="M5 3h14v13H5zM8 7h8M8 10h8M8 13h4M14 16v5l2-1.5 2 1.5v-5" />,
  megaphone: <path d="M3 10v4h3l7 4V6L6 10H3zM17 9a4 4 0 010 6M6 14l1.5 6h3L9 15" />,
  ticket: <path d="M3 7h18v3a2 2 0 000 4v3H3v-3a2 2 0 000-4V7zM14 7v10" />,
  calculator: <path d="M6 3h12v18H6zM9 6h6v3H9zM9 13h.01M12 13h.01M15 13h.01M9 16.5h.01M12 16.5h.01M15 16.5h.01" />,
  /** A contact chip card: the social security card. */
  sscard: <path d="M2.5 5h19v14h-19zM5.5 9h4v4h-4zM5.5 11h4M7.5 9v4M13 10h6M13 13h6M5.5 16h8" />,
  qrcode: <path d="M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 14h2M14 18h2M18 18h2v2M6.5 6.5h1v1h-1zM16.5 6.5h1v1h-1zM6.5 16.5h1v1h-1z" />,
  help: <path d="M12 21a9 9 0 100-18 9 9 0 000 18zM9.5 9.5a2.5 2.5 0 115 0c0 1.7-2.5 2-2.5 4M12 17h.01" />,
  elderly: <path d="M12 6a2 2 0 100-4 2 2 0 000 4zM9 21l2-8-3 1-1 3M11 13l1-5 3 3 2 1M17 21v-9" />,
  warning: <path d="M12 3l10 18H2L12 3zM12 10v5M12 18h.01" />,
  check: <path d="M4 12.5l5 5L20 6.5" />,
  phone: <path d="M5 3h4l2 5-2.5 1.5a11 11 0 006 6L16 13l5 2v4a2 2 0 01-2 2A17 17 0 013 5a2 2 0 012-2z" />,
  search: <path d="M11 18a7 7 0 100-14 7 7 0 000 14zM16 16l5 5" />,
  printer: <path d="M6 9V3h12v6M6 18H4v-7a2 2 0 012-2h12a2 2 0 012 2v7h-2M7 14h10v7H7z" />,
  scanner: <path d="M4 8V5a1 1 0 011-1h3M16 4h3a1 1 0 011 1v3M20 16v3a1 1 0 01-1 1h-3M8 20H5a1 1 0 01-1-1v-3M4 12h16" />,
};

function PathIcon({ name }: { name: string }) {
  return (
    <svg {...common} aria-hidden="true">
      {paths[name]}
    </svg>
  );
}

/** A filled or hollow star for the 好差评 rating (the label beside it says the level in words). */
export function StarIcon({ filled }: { filled: boolean }) {
  return (
    <svg {...common} fill={filled ? 'currentColor' : 'none'} aria-hidden="true">
      <path d="M12 3l2.8 5.8 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 3 1.1-6.2L3 9.7l6.2-.9L12 3z" />
    </svg>
  );
}

export function Icon({ name }: { name: string }) {
  if (name === 'idcard' || !paths[name]) return <IdCardIcon />;
  return <PathIcon name={name} />;
}
