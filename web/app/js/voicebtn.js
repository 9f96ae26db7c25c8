// The voice on cards and verdicts: a play button wherever a clip of the
// text exists in the current language, and the "voice for offline use"
// box on home and About when there is any clip. Only these few lines are
// part of the app shell; the player and the download (voice.js) load when
// a clip is there, so a first visit (and a server with no recordings)
// costs no more than before.
import { h, icon } from './dom.js';
import { t, getLang } from './i18n.js';
import { bus, data } from './store.js';

const VOICE_LANGS = ['lo', 'th'];
let mod = null;
// A failed load (offline before the player was ever fetched) is tried again
// at the next tap, not remembered.
const voice = () => (mod ||= import('./voice.js').catch((err) => { mod = null; throw err; }));

/** The clip of target ("question:3") in lang, or null. */
export function clipOf(target, lang) {
  return data.clips.find((c) => c.target === target && c.lang === lang) || null;
}

/**
 * A play button for target in lang (the current language when left out),
 * or null when there is no such clip. One clip plays at a time; a second
 * tap stops it.
 */
export function playButton(target, lang) {
  const l = lang || getLang();
  if (!VOICE_LANGS.includes(l)) return null;
  const clip = clipOf(target, l);
  if (!clip) return null;
  const btn = h('button.voice-play', {
    type: 'button', lang: l, 'aria-label': t('voice.play'), 'aria-pressed': 'false',
    'data-testid': 'voice-play', 'data-target': target, 'data-lang': l, 'data-sha': clip.sha256,
    onclick: () => voice().then((v) => v.toggle(btn, clip)),
  }, icon('speaker'));
  return btn;
}

/** The "voice for offline use" box, or null when there is nothing to download. */
export function voiceBox() {
  if (!data.clips.length) return null;
  const el = h('section.voice-box', { 'data-testid': 'voice-box' });
  voice().then((v) => v.renderBox(el)).catch((err) => console.warn('voice', err));
  return el;
}

// New, replaced and deleted clips reach a phone that keeps the voice at the
// next sync (voice.js decides what Data Saver allows).
const KEEP = 'paidee.voice';
bus.addEventListener('data', () => {
  let on = false;
  try { on = localStorage.getItem(KEEP) === 'on'; } catch { /* blocked */ }
  if (on) voice().then((v) => v.refresh()).catch(() => {});
});

/** node with the play button of target beside it, or node alone when there is no clip. */
export function withVoice(node, target, lang) {
  const btn = playButton(target, lang);
  return btn ? h('div.with-voice', node, btn) : node;
}
