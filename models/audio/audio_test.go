package audio_test

import (
	"errors"
	"testing"
	"time"

	"paidee/models/audio"
	"paidee/models/audio/audiotest"
)

// Real recordings of each accepted format: recognised by their bytes, and
// their duration read from the container within 150 ms of the length made.
func TestSniff_AcceptedFormats(t *testing.T) {
	for _, tc := range []struct {
		kind, format string
		seconds      int
	}{
		{audiotest.OggOpus, audio.FormatOggOpus, 5},
		{audiotest.OggOpus, audio.FormatOggOpus, 59},
		{audiotest.WebMOpus, audio.FormatWebMOpus, 5},
		{audiotest.WebMOpus, audio.FormatWebMOpus, 30},
		{audiotest.MP3, audio.FormatMP3, 5},
		{audiotest.MP3, audio.FormatMP3, 30},
		{audiotest.M4A, audio.FormatMP4AAC, 5},
		{audiotest.M4AFrag, audio.FormatMP4AAC, 7},
		{audiotest.OggOpus, audio.FormatOggOpus, 90},
		{audiotest.WebMOpus, audio.FormatWebMOpus, 90},
		{audiotest.MP3, audio.FormatMP3, 90},
		{audiotest.M4A, audio.FormatMP4AAC, 90},
	} {
		t.Run(tc.kind+"/"+time.Duration(tc.seconds*int(time.Second)).String(), func(t *testing.T) {
			b := audiotest.Make(t, tc.kind, tc.seconds, 0)
			info, err := audio.Sniff(b)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if info.Format != tc.format {
				t.Errorf("format %q, want %q", info.Format, tc.format)
			}
			want := time.Duration(tc.seconds) * time.Second
			if d := info.Duration - want; d < -150*time.Millisecond || d > 150*time.Millisecond {
				t.Errorf("duration %v, want %v", info.Duration, want)
			}
		})
	}
}

// Files that are not what the app accepts: each refused with an error that
// names the problem.
func TestSniff_Refused(t *testing.T) {
	ogg := audiotest.Make(t, audiotest.OggOpus, 4, 0)
	webm := audiotest.Make(t, audiotest.WebMOpus, 4, 0)
	mp3 := audiotest.Make(t, audiotest.MP3, 4, 0)
	m4a := audiotest.Make(t, audiotest.M4A, 4, 0)
	flipped := append([]byte(nil), ogg...)
	flipped[len(flipped)/2] ^= 0x55
	for _, tc := range []struct {
		name string
		b    []byte
		want string // "unknown", "broken", "codec"
	}{
		{"text named .ogg", []byte("this is a text file, not a recording\n"), "unknown"},
		{"empty", nil, "unknown"},
		{"wav", audiotest.Make(t, audiotest.WAV, 2, 0), "unknown"},
		{"ogg vorbis", audiotest.Make(t, audiotest.OggVorbis, 2, 0), "codec"},
		{"webm with video", audiotest.Make(t, audiotest.WebMVideo, 2, 0), "codec"},
		{"ogg cut in half", ogg[:len(ogg)/2], "broken"},
		{"ogg with a changed byte", flipped, "broken"},
		{"webm cut in half", webm[:len(webm)/2], "broken"},
		{"mp3 cut in half", mp3[:len(mp3)/2+1], "broken"},
		{"m4a cut in half", m4a[:len(m4a)/2], "broken"},
		{"ogg header only", ogg[:40], "broken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := audio.Sniff(tc.b)
			var be *audio.BrokenError
			var ce *audio.WrongCodecError
			switch {
			case err == nil:
				t.Fatal("accepted")
			case tc.want == "unknown" && !errors.Is(err, audio.ErrUnknown),
				tc.want == "broken" && !errors.As(err, &be),
				tc.want == "codec" && !errors.As(err, &ce):
				t.Fatalf("got %T %v, want %s", err, err, tc.want)
			}
			t.Log(err)
		})
	}
}

// Every prefix of every format ends in an error or a duration, never a
// panic (a cheap, exhaustive cousin of the fuzz target).
func TestSniff_EveryPrefix(t *testing.T) {
	for _, kind := range []string{audiotest.OggOpus, audiotest.WebMOpus, audiotest.MP3, audiotest.M4A, audiotest.M4AFrag} {
		b := audiotest.Make(t, kind, 2, 0)
		step := max(1, len(b)/2000)
		for n := 0; n < len(b); n += step {
			_, _ = audio.Sniff(b[:n])
		}
	}
}

func FuzzSniff(f *testing.F) {
	for _, kind := range []string{audiotest.OggOpus, audiotest.WebMOpus, audiotest.MP3, audiotest.M4A, audiotest.M4AFrag} {
		b := audiotest.Make(f, kind, 1, 0)
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte("OggS"))
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x80})
	f.Add([]byte("\x00\x00\x00\x10ftypM4A \x00\x00\x00\x00"))
	f.Add([]byte("ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := audio.Sniff(b)
		if err == nil && (info.Duration <= 0 || info.Format == "") {
			t.Fatalf("accepted with %+v", info)
		}
	})
}
