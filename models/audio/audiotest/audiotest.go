// Package audiotest makes real recordings for tests: speech from espeak-ng
// (Thai voice), lengthened with sox, encoded with opusenc or ffmpeg, in a
// temp directory. The seeds ship no recordings, and a test of the voice
// path needs real audio, so a missing tool fails the test (it never skips):
// `make test` installs them (scripts/ensure-audio.sh).
package audiotest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Tools are the programs Make needs.
var Tools = []string{"espeak-ng", "sox", "opusenc", "ffmpeg"}

// Kinds of file Make writes.
const (
	OggOpus   = "ogg"
	WebMOpus  = "webm"
	MP3       = "mp3"
	M4A       = "m4a"
	M4AFrag   = "m4a-frag" // fragmented, as Safari's MediaRecorder writes
	OggVorbis = "ogg-vorbis"
	WebMVideo = "webm-video"
	WAV       = "wav"
)

var cache sync.Map // key → []byte: the same clip is made once per test binary

// Need fails t unless every tool is installed.
func Need(t testing.TB) {
	t.Helper()
	for _, tool := range Tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: the voice tests make real recordings (run scripts/ensure-audio.sh, or apt-get install -y sox opus-tools espeak-ng ffmpeg)", tool)
		}
	}
}

// Make returns a recording of kind, about seconds long (speech, repeated
// to length), at bitrate kbps (0: the encoder's default for speech).
func Make(t testing.TB, kind string, seconds, kbps int) []byte {
	t.Helper()
	key := fmt.Sprintf("%s/%d/%d", kind, seconds, kbps)
	if b, ok := cache.Load(key); ok {
		return b.([]byte)
	}
	Need(t)
	dir := t.TempDir()
	speech := filepath.Join(dir, "speech.wav")
	run(t, "espeak-ng", "-v", "th", "-s", "140", "-w", speech,
		"ก่อนจ่ายเงิน ให้ตรวจเลขใบอนุญาตของบริษัทจัดหางาน เก็บหนังสือเดินทางไว้กับตัวเอง")
	long := filepath.Join(dir, "long.wav")
	// Mono 48 kHz, trimmed to exactly the length asked for (repeated first).
	run(t, "sox", speech, "-r", "48000", "-c", "1", long, "repeat", fmt.Sprint(seconds/3+1), "trim", "0", fmt.Sprint(seconds))
	out := filepath.Join(dir, "out."+kind)
	br := func(def string) string {
		if kbps > 0 {
			return fmt.Sprintf("%dk", kbps)
		}
		return def
	}
	switch kind {
	case OggOpus:
		args := []string{"--quiet", "--speech"}
		if kbps > 0 {
			args = append(args, "--bitrate", fmt.Sprint(kbps), "--hard-cbr")
		}
		run(t, "opusenc", append(args, long, out)...)
	case WebMOpus:
		ffmpeg(t, long, out, "-c:a", "libopus", "-b:a", br("24k"), "-f", "webm")
	case MP3:
		ffmpeg(t, long, out, "-c:a", "libmp3lame", "-b:a", br("32k"), "-f", "mp3")
	case M4A:
		ffmpeg(t, long, out, "-c:a", "aac", "-b:a", br("32k"), "-f", "ipod")
	case M4AFrag:
		ffmpeg(t, long, out, "-c:a", "aac", "-b:a", br("32k"), "-movflags", "frag_keyframe+empty_moov", "-f", "mp4")
	case OggVorbis:
		ffmpeg(t, long, out, "-c:a", "libvorbis", "-f", "ogg")
	case WebMVideo:
		run(t, "ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", fmt.Sprintf("color=c=blue:s=64x64:d=%d", seconds),
			"-i", long, "-c:v", "libvpx", "-c:a", "libopus", "-shortest", "-f", "webm", out)
	case WAV:
		out = long
	default:
		t.Fatalf("audiotest: unknown kind %q", kind)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cache.Store(key, b)
	return b
}

func ffmpeg(t testing.TB, in, out string, args ...string) {
	t.Helper()
	run(t, "ffmpeg", append(append([]string{"-loglevel", "error", "-y", "-i", in}, args...), out)...)
}

func run(t testing.TB, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
