import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import Keyboard from 'simple-keyboard';
import chinese from 'simple-keyboard-layouts/build/layouts/chinese.js';
import 'simple-keyboard/build/css/index.css';
// After the vendor sheet: the kiosk's key sizes (see keyboard.css for why they win).
import './keyboard.css';

export type KeyboardMode = 'digits' | 'latin' | 'pinyin' | 'number';

/**
 * Key rows per mode; `{…}` are function keys. Digits carry X (ID numbers) and "-" (dates, landlines).
 * `number` is a plain keypad for counts (份数): digits, delete and OK, nothing that cannot be typed there.
 */
const LAYOUTS: Record<KeyboardMode, string[]> = {
  digits: ['1 2 3', '4 5 6', '7 8 9', '- 0 X', '{bksp} {latin} {pinyin}'],
  number: ['1 2 3', '4 5 6', '7 8 9', '{bksp} 0 {ok}'],
  latin: ['1 2 3 4 5 6 7 8 9 0', 'Q W E R T Y U I O P', 'A S D F G H J K L', 'Z X C V B N M - {bksp}', '{digits} {pinyin} {space}'],
  pinyin: ['q w e r t y u i o p', 'a s d f g h j k l', 'z x c v b n m ， 。 {bksp}', '{digits} {latin} {space}'],
};

/** Pinyin syllable → candidate characters (most frequent first), from simple-keyboard-layouts' Chinese layout. */
const CANDIDATES = (chinese as { layoutCandidates?: Record<string, string> }).layoutCandidates ?? {};

export interface OnScreenKeyboardProps {
  mode: KeyboardMode;
  onModeChange(mode: KeyboardMode): void;
  value: string;
  onChange(value: string): void;
  /** Longest value the field takes. */
  maxLength?: number;
  /** The keypad's OK key (`number` mode): the citizen is done with this field. */
  onDone?(): void;
}

/**
 * The kiosk's own keyboard (never the OS keyboard, which Linux and Windows kiosks hide behind the
 * window): digits, Latin letters, and pinyin with Chinese candidates. It is laid out in the page's
 * flow below the fields — never over them — and its candidate bar is part of it.
 */
export function OnScreenKeyboard({ mode, onModeChange, value, onChange, maxLength, onDone }: OnScreenKeyboardProps) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const kb = useRef<Keyboard | null>(null);
  const handlers = useRef({ onChange, onModeChange, onDone });
  handlers.current = { onChange, onModeChange, onDone };

  useEffect(() => {
    if (!host.current) return;
    const k = new Keyboard(host.current, {
      layout: { default: LAYOUTS[mode] },
      layoutName: 'default',
      display: {
        '{bksp}': t('keyboard.delete'),
        '{space}': t('keyboard.space'),
        '{digits}': t('keyboard.digits'),
        '{latin}': t('keyboard.latin'),
        '{pinyin}': t('keyboard.pinyin'),
        '{ok}': t('keyboard.ok'),
      },
      mergeDisplay: true,
      disableCaretPositioning: true,
      preventMouseDownDefault: true,
      enableLayoutCandidates: mode === 'pinyin',
      layoutCandidates: mode === 'pinyin' ? CANDIDATES : {},
      layoutCandidatesPageSize: 8,
      maxLength,
      theme: 'hg-theme-default osk-theme',
      onChange: (input: string) => handlers.current.onChange(input),
      onKeyPress: (button: string) => {
        if (button === '{digits}') handlers.current.onModeChange('digits');
        else if (button === '{latin}') handlers.current.onModeChange('latin');
        else if (button === '{pinyin}') handlers.current.onModeChange('pinyin');
        else if (button === '{ok}') handlers.current.onDone?.();
      },
    });
    k.setInput(value);
    kb.current = k;
    return () => {
      k.destroy();
      kb.current = null;
    };
    // The keyboard is rebuilt when its mode changes; the value is synced below.
  }, [mode, maxLength, t]);

  useEffect(() => {
    const k = kb.current;
    if (k && k.getInput() !== value) k.setInput(value);
  }, [value]);

  return <div className="osk" ref={host} role="group" aria-label={t('keyboard.label')} data-testid="keyboard" data-mode={mode} />;
}
