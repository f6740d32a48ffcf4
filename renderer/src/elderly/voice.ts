/**
 * Voice prompts at the key moments (place your card, take your card, take your receipt), through
 * the browser's speech synthesis, while elderly mode is on. A kiosk without a voice for the language
 * stays silent: the same words are always on screen too.
 */
let enabled = false;

/** Elderly mode turns the voice prompts on. */
export function setVoiceEnabled(on: boolean): void {
  enabled = on;
  if (!on) window.speechSynthesis?.cancel();
}

/**
 * Say `text`. `always`: also outside elderly mode, for guidance given while the citizen looks at a
 * camera rather than the screen (the face check).
 */
export function speak(text: string, locale: string, opts: { always?: boolean } = {}): void {
  if (!enabled && !opts.always) return;
  // The last prompt is kept on <body> so tests (and a technician) can see what was said.
  document.body.dataset.voicePrompt = text;
  const synth = window.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = locale;
  u.rate = 0.85; // slower, for older ears
  const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').startsWith(locale === 'en' ? 'en' : 'zh'));
  if (voice) u.voice = voice;
  synth.speak(u);
}
