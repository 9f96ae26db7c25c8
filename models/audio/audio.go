// Package audio recognises the recordings the app accepts by their bytes
// (never by a file name or a Content-Type a client chose) and reads each
// one's duration from its container: Ogg Opus (granule position), WebM
// Opus (Info/Duration, else the clusters' block timecodes plus the last
// Opus packet's length), MP3 (counting frames) and AAC in MP4/M4A (mvhd,
// else the fragments' sample durations).
//
// Every parser works on a byte slice already limited in size by the
// caller, checks each length against what is left before it reads, and
// never allocates in proportion to a length field: a hostile file ends in
// an error, never a panic or a huge allocation (see FuzzSniff).
package audio

import (
	"errors"
	"fmt"
	"time"
)

// Formats the app accepts.
const (
	FormatOggOpus  = "ogg-opus"
	FormatWebMOpus = "webm-opus"
	FormatMP3      = "mp3"
	FormatMP4AAC   = "mp4-aac"
)

// MIME is the Content-Type each format is served with.
var MIME = map[string]string{
	FormatOggOpus:  "audio/ogg; codecs=opus",
	FormatWebMOpus: "audio/webm; codecs=opus",
	FormatMP3:      "audio/mpeg",
	FormatMP4AAC:   "audio/mp4; codecs=mp4a.40.2",
}

// Formats lists the accepted formats.
var Formats = []string{FormatOggOpus, FormatWebMOpus, FormatMP3, FormatMP4AAC}

// Info is what Sniff found.
type Info struct {
	Format   string
	Duration time.Duration
}

// ErrUnknown is returned for bytes that are none of the accepted formats.
var ErrUnknown = errors.New("not a recording the app accepts: send Opus in Ogg or WebM, MP3, or AAC in MP4/M4A")

// BrokenError is a file that starts as an accepted format but cannot be
// read to its end (truncated, or with lengths that do not add up).
type BrokenError struct {
	Format string
	Detail string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("this %s file is damaged: %s", formatName(e.Format), e.Detail)
}

// WrongCodecError is a known container holding something other than the
// codec the app accepts in it (Vorbis in Ogg, video in WebM, …).
type WrongCodecError struct {
	Format string
	Found  string
}

func (e *WrongCodecError) Error() string {
	return fmt.Sprintf("this %s file holds %s; only %s is accepted in it", containerName(e.Format), e.Found, codecName(e.Format))
}

func formatName(f string) string {
	switch f {
	case FormatOggOpus:
		return "Ogg Opus"
	case FormatWebMOpus:
		return "WebM Opus"
	case FormatMP3:
		return "MP3"
	case FormatMP4AAC:
		return "MP4/M4A"
	}
	return f
}

func containerName(f string) string {
	switch f {
	case FormatOggOpus:
		return "Ogg"
	case FormatWebMOpus:
		return "WebM"
	case FormatMP4AAC:
		return "MP4"
	}
	return "MPEG audio"
}

func codecName(f string) string {
	switch f {
	case FormatOggOpus, FormatWebMOpus:
		return "Opus audio"
	case FormatMP4AAC:
		return "AAC audio"
	}
	return "MPEG Layer III audio"
}

func broken(format, detail string, args ...any) error {
	return &BrokenError{Format: format, Detail: fmt.Sprintf(detail, args...)}
}

// Sniff recognises b and reads its duration.
func Sniff(b []byte) (Info, error) {
	var d time.Duration
	var err error
	var format string
	switch {
	case len(b) >= 4 && string(b[:4]) == "OggS":
		format = FormatOggOpus
		d, err = oggOpusDuration(b)
	case len(b) >= 4 && b[0] == 0x1A && b[1] == 0x45 && b[2] == 0xDF && b[3] == 0xA3:
		format = FormatWebMOpus
		d, err = webmOpusDuration(b)
	case len(b) >= 8 && string(b[4:8]) == "ftyp":
		format = FormatMP4AAC
		d, err = mp4Duration(b)
	case looksLikeMP3(b):
		format = FormatMP3
		d, err = mp3Duration(b)
	default:
		return Info{}, ErrUnknown
	}
	if err != nil {
		return Info{}, err
	}
	if d <= 0 {
		return Info{}, broken(format, "it holds no sound")
	}
	return Info{Format: format, Duration: d}, nil
}

// ---- byte helpers ----

func be16(b []byte) uint32 { return uint32(b[0])<<8 | uint32(b[1]) }
func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
func be64(b []byte) uint64 { return uint64(be32(b))<<32 | uint64(be32(b[4:])) }
func le16(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 }
func le64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// ticks turns n units of 1/rate second into a duration without overflow
// for any n a 1 MB file can describe.
func ticks(n uint64, rate uint64) time.Duration {
	if rate == 0 {
		return 0
	}
	sec := n / rate
	rem := n % rate
	if sec > uint64(24*time.Hour/time.Second) {
		return 24 * time.Hour // absurd; the caller's 60 s limit refuses it
	}
	return time.Duration(sec)*time.Second + time.Duration(rem*uint64(time.Second)/rate)
}
