// Real recordings for the voice tests, made at test time (the seeds ship
// none): Thai speech from espeak-ng, made as long as asked with sox, then
// encoded to Opus with opusenc. A missing tool fails the test, never skips
// it (scripts/ensure-audio.sh installs them).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOLS = ['espeak-ng', 'sox', 'opusenc'];
let dir = null;
let n = 0;

function need() {
  for (const t of TOOLS) {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${t} is missing: the voice tests make real recordings (run scripts/ensure-audio.sh)`);
    }
  }
}

const SPEECH = 'ก่อนจ่ายเงิน ให้ตรวจเลขใบอนุญาตของบริษัทจัดหางาน เก็บหนังสือเดินทางไว้กับตัวเอง';

/** A WAV of Thai speech, seconds long (mono, 48 kHz). Returns its path. */
export function speechWav(seconds, text = SPEECH) {
  need();
  dir = dir || mkdtempSync(join(tmpdir(), 'paidee-e2e-audio-'));
  const raw = join(dir, `speech-${++n}.wav`);
  const out = join(dir, `speech-${n}-${seconds}s.wav`);
  execFileSync('espeak-ng', ['-v', 'th', '-s', '140', '-w', raw, text]);
  execFileSync('sox', [raw, '-r', '48000', '-c', '1', out, 'repeat', String(Math.ceil(seconds / 3)), 'trim', '0', String(seconds)]);
  return out;
}

/** An Ogg Opus recording of speech, seconds long: its bytes. */
export function opusClip(seconds, { kbps = 24, text } = {}) {
  const wav = speechWav(seconds, text);
  const out = wav.replace(/\.wav$/, '.opus');
  execFileSync('opusenc', ['--quiet', '--speech', '--bitrate', String(kbps), wav, out]);
  return readFileSync(out);
}
