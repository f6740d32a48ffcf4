/**
 * A text field the technician types on the diagnostics on-screen keyboard (`DiagKeyboard`): the
 * system keyboard stays closed (`inputMode="none"`), and its label is both the placeholder and the
 * accessible name.
 */
export function DiagField(p: {
  label: string;
  value: string;
  onFocus(): void;
  onChange(value: string): void;
  testId: string;
  type?: 'text' | 'password';
  /** Fixed-width digits for codes and serial numbers. */
  mono?: boolean;
}) {
  return (
    <input
      className={p.mono ? 'diag-input diag-mono' : 'diag-input'}
      type={p.type ?? 'text'}
      inputMode="none"
      autoComplete="off"
      placeholder={p.label}
      aria-label={p.label}
      value={p.value}
      onFocus={p.onFocus}
      onChange={(e) => p.onChange(e.target.value)}
      data-testid={p.testId}
    />
  );
}
