/**
 * Voice prompts at the key moments (place your card, take your card, take your receipt), through
 * the browser's speech synthesis. A kiosk without a voice for the language stays silent: the same
 * words are always on screen too.
 */
export function speak(text: string, locale: string): void {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = locale;
  u.rate = 0.85; // slower, for older ears
  const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').startsWith(locale === 'en' ? 'en' : 'zh'));
  if (voice) u.voice = voice;
  lastSpoken = text;
  synth.speak(u);
}

/** The last prompt spoken (for tests and the developer panel: speech itself cannot be observed). */
export let lastSpoken = '';
