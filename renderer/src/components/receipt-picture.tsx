import type { CSSProperties } from 'react';
import type { PrintoutLine } from '../../../contracts/protocol.js';

/** The printhead's cell: 12×24 dots for ASCII, 24×24 for Chinese, on a 30-dot line (render-png.ts). */
const FONT_DOTS = 24;
const LINE_DOTS = 30;

/**
 * A simulated receipt as it came out of the printer, one CSS pixel per printer dot: text drawn in the
 * screen's own font (the simulator has none, so its PNG can only show each character as a block),
 * QR codes and images as the simulator drew them, dot for dot.
 */
export function ReceiptPicture({ lines, widthDots, label }: { lines: PrintoutLine[]; widthDots: number; label: string }) {
  return (
    <div className="dev-receipt" role="img" aria-label={label} style={{ width: widthDots }} data-testid="sim-receipt-picture">
      {lines.map((l, k) => {
        switch (l.kind) {
          case 'text': {
            const style: CSSProperties = { textAlign: l.align, fontWeight: l.bold ? 700 : 400, fontSize: FONT_DOTS * l.height, lineHeight: `${LINE_DOTS * l.height}px` };
            // Double width (GS ! with width > height) stretches the glyphs, as the printhead does.
            const stretch = l.width / l.height;
            return (
              <div key={k} className="dev-receipt-text" style={style}>
                <span style={stretch === 1 ? undefined : { display: 'inline-block', transform: `scaleX(${stretch})`, transformOrigin: l.align }}>{l.text || '\u00a0'}</span>
              </div>
            );
          }
          case 'picture':
            return <img key={k} src={`data:image/png;base64,${l.pngBase64}`} alt="" className="dev-receipt-graphic" />;
          case 'feed':
            return <div key={k} style={{ height: l.dots }} />;
          case 'cut':
            return <hr key={k} className={`dev-receipt-cut${l.full ? ' full' : ''}`} />;
        }
      })}
    </div>
  );
}
