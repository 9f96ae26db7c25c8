// Voice clips in the console: for a text in one language, record in the
// browser (MediaRecorder, with a level meter from an AnalyserNode), play the
// take back, keep it or record again; or upload a file. A kept clip is
// uploaded as it is (PUT /api/v1/clips/{target}/{lang}): the server checks
// its bytes and length, audits it, and phones get it at their next sync.
import { h, notice, errorNotice } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';

const LIMIT_S = 60;
// Stop a little before the limit: the container's length must stay under it.
const STOP_AT_S = 59.5;
// Speech needs little: 32 kbit/s Opus is about 240 KB a minute.
const BITRATE = 32000;

/** The clip list, once per screen. */
export async function loadClips() {
  return (await api('GET', '/clips')).items;
}

function recorderType() {
  if (!window.MediaRecorder) return null;
  for (const type of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  return '';
}

function kb(n) {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/**
 * One recorder for target ("question:3") in lang ("lo" or "th"), labelled
 * label, showing clip (the current one, or null).
 */
export function voicePanel(target, lang, label, clip) {
  let current = clip;
  let rec = null; // {recorder, stream, ctx, raf, timer, started}
  let take = null; // {blob, url}
  const msg = h('div', { 'aria-live': 'polite' });
  const body = h('div', { class: 'voice-body' });
  const panel = h('section', { class: 'voice-panel card', 'data-testid': 'voice-panel', 'data-target': target, 'data-lang': lang },
    h('h3', { lang }, label), msg, body);

  function draw() {
    if (take && take.url) URL.revokeObjectURL(take.url);
    take = null;
    const file = h('input', {
      type: 'file', accept: 'audio/*,.ogg,.opus,.webm,.mp3,.m4a,.mp4', 'data-testid': 'voice-file',
      onchange: () => { if (file.files[0]) upload(file.files[0]); },
    });
    const canRecord = recorderType() !== null && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
    body.replaceChildren(
      current
        ? h('div', { class: 'voice-current' },
          h('audio', { controls: true, preload: 'none', src: `/api/v1/clips/${current.sha256}`, 'data-testid': 'voice-current', 'data-sha': current.sha256 }),
          h('p', { class: 'hint', 'data-testid': 'voice-info' }, t('voice.current', { size: kb(current.bytes), s: (current.duration_ms / 1000).toFixed(1) })))
        : h('p', { class: 'hint' }, t('voice.none')),
      h('div', { class: 'actions' },
        canRecord
          ? h('button', { type: 'button', class: 'btn btn-primary voice-record', 'data-testid': 'voice-record', onclick: start },
            h('span', { class: 'rec-dot', 'aria-hidden': 'true' }), current ? t('voice.record_again') : t('voice.record'))
          : h('p', { class: 'hint' }, t('voice.no_recorder')),
        current ? h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'voice-delete', onclick: remove }, t('voice.delete')) : null),
      h('div', { class: 'field' }, h('label', {}, t('voice.upload'), ' ', file)));
  }

  async function start() {
    msg.replaceChildren();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch {
      msg.replaceChildren(notice('error', t('voice.mic_denied')));
      return;
    }
    const type = recorderType();
    const recorder = new MediaRecorder(stream, { ...(type ? { mimeType: type } : {}), audioBitsPerSecond: BITRATE });
    const chunks = [];
    recorder.ondataavailable = (e) => { if (e.data && e.data.size) chunks.push(e.data); };
    recorder.onstop = () => {
      stopMeter();
      stream.getTracks().forEach((tr) => tr.stop());
      const blob = new Blob(chunks, { type: (recorder.mimeType || type || 'audio/webm').split(';')[0] });
      review(blob);
    };
    // The level meter: how loud the microphone is, so the admin sees it hears them.
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const meter = h('meter', { min: 0, max: 1, value: 0, 'data-testid': 'voice-level', 'data-max': '0', 'aria-label': t('voice.level') });
    const clock = h('p', { class: 'voice-clock', 'data-testid': 'voice-clock' }, t('voice.recording', { s: 0, max: LIMIT_S }));
    const started = performance.now();
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const x of samples) sum += x * x;
      const level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      meter.value = level;
      if (level > Number(meter.dataset.max)) meter.dataset.max = level.toFixed(3);
      const s = (performance.now() - started) / 1000;
      clock.textContent = t('voice.recording', { s: Math.floor(s), max: LIMIT_S });
      if (s >= STOP_AT_S && recorder.state === 'recording') recorder.stop();
      else rec.raf = requestAnimationFrame(tick);
    };
    rec = { recorder, stream, ctx, raf: 0 };
    const stopMeter = () => { cancelAnimationFrame(rec.raf); ctx.close().catch(() => {}); };
    recorder.start(250);
    rec.raf = requestAnimationFrame(tick);
    body.replaceChildren(
      h('div', { class: 'voice-live', role: 'status' }, h('span', { class: 'rec-dot on', 'aria-hidden': 'true' }), clock, meter),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-primary voice-record', 'data-testid': 'voice-stop', onclick: () => { if (recorder.state === 'recording') recorder.stop(); } },
          h('span', { class: 'stop-square', 'aria-hidden': 'true' }), t('voice.stop'))));
  }

  function review(blob) {
    const url = URL.createObjectURL(blob);
    take = { blob, url };
    body.replaceChildren(
      h('p', {}, t('voice.listen_first', { size: kb(blob.size) })),
      h('audio', { controls: true, src: url, 'data-testid': 'voice-preview' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'voice-keep', onclick: () => upload(blob) }, t('voice.keep')),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'voice-redo', onclick: () => { draw(); start(); } }, t('voice.redo'))));
  }

  async function upload(blob) {
    msg.replaceChildren(notice('info', t('voice.saving')));
    const rev = current ? `?revision=${current.revision}` : '';
    try {
      current = await api('PUT', `/clips/${target}/${lang}${rev}`, { body: blob, type: blob.type || 'application/octet-stream' });
      draw();
      msg.replaceChildren(notice('ok', t('voice.saved')));
    } catch (err) {
      msg.replaceChildren(errorNotice(err));
    }
  }

  async function remove() {
    if (!window.confirm(t('voice.delete_confirm'))) return;
    try {
      await api('DELETE', `/clips/${target}/${lang}?revision=${current.revision}`);
      current = null;
      draw();
      msg.replaceChildren(notice('ok', t('voice.deleted')));
    } catch (err) {
      msg.replaceChildren(errorNotice(err));
    }
  }

  draw();
  return panel;
}

/** The voice of one text: a recorder per language (labels: {lo, th}). */
export function voiceSection(target, clips, labels) {
  const of = (lang) => clips.find((c) => c.target === target && c.lang === lang) || null;
  return h('section', { class: 'stack voice-section', 'data-testid': 'voice-section' },
    h('h2', {}, t('voice.title')),
    h('p', { class: 'hint' }, t('voice.hint')),
    h('div', { class: 'voice-grid' }, ['lo', 'th'].map((l) => voicePanel(target, l, labels[l], of(l)))));
}

// The fixed texts of the app that can be spoken: each licence status with
// its advice, "not on the list", the job-check results.
export const VERDICTS = ['status-licensed', 'status-suspended', 'status-expired', 'status-revoked', 'status-illegal',
  'not-listed', 'job-danger', 'job-careful', 'job-safe'];

/** The verdicts screen's content. */
export async function verdictVoices() {
  const clips = await loadClips();
  return h('div', { class: 'stack' },
    h('p', { class: 'hint' }, t('voice.verdicts_hint')),
    VERDICTS.map((v) => h('section', { class: 'stack', 'data-testid': 'verdict-voice', 'data-verdict': v },
      h('h2', {}, t(`voice.v.${v}`)),
      h('div', { class: 'voice-grid' }, ['lo', 'th'].map((l) => voicePanel(`verdict:${v}`, l, t(`voice.lang_${l}`),
        clips.find((c) => c.target === `verdict:${v}` && c.lang === l) || null))))));
}
