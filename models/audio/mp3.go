package audio

import "time"

// MP3: MPEG-1, 2 or 2.5 Layer III frames, after an optional ID3v2 tag and
// before an optional ID3v1 tag. Every frame header gives the frame's
// length and the samples it holds (1152 or 576); the duration is their
// sum. A file whose frames stop before its end is refused as damaged.

var (
	mp3Rates = [4][3]uint32{ // by version bits (0: 2.5, 2: 2, 3: 1), then index
		{11025, 12000, 8000}, {}, {22050, 24000, 16000}, {44100, 48000, 32000}}
	mp3KbpsV1 = [15]uint32{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}
	mp3KbpsV2 = [15]uint32{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}
)

type mp3Frame struct {
	size    int
	samples uint64
	rate    uint32
}

// mp3Header reads the frame header at the start of b. layer is the
// header's layer bits (1: Layer III) so a caller can name Layer I/II.
func mp3Header(b []byte) (fr mp3Frame, layer byte, ok bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return fr, 0, false
	}
	version := (b[1] >> 3) & 3
	layer = (b[1] >> 1) & 3
	kbpsIdx := b[2] >> 4
	rateIdx := (b[2] >> 2) & 3
	if version == 1 || layer == 0 || kbpsIdx == 0 || kbpsIdx == 15 || rateIdx == 3 {
		return fr, layer, false
	}
	if layer != 1 {
		return fr, layer, true // a valid header of another layer: the caller refuses it by name
	}
	rate := mp3Rates[version][rateIdx]
	pad := uint32(b[2]>>1) & 1
	if version == 3 {
		fr = mp3Frame{size: int(144000*mp3KbpsV1[kbpsIdx]/rate + pad), samples: 1152, rate: rate}
	} else {
		fr = mp3Frame{size: int(72000*mp3KbpsV2[kbpsIdx]/rate + pad), samples: 576, rate: rate}
	}
	return fr, layer, fr.size > 4
}

// id3v2Len is the length of an ID3v2 tag at the start of b (0 if none).
func id3v2Len(b []byte) (int, bool) {
	if len(b) < 10 || string(b[:3]) != "ID3" {
		return 0, true
	}
	for _, c := range b[6:10] {
		if c >= 0x80 {
			return 0, false
		}
	}
	n := 10 + (int(b[6])<<21 | int(b[7])<<14 | int(b[8])<<7 | int(b[9]))
	if b[5]&0x10 != 0 {
		n += 10 // footer
	}
	return n, n <= len(b)
}

// looksLikeMP3 is the sniff: an ID3v2 tag, or two frame headers in a row.
func looksLikeMP3(b []byte) bool {
	if len(b) >= 3 && string(b[:3]) == "ID3" {
		return true
	}
	fr, layer, ok := mp3Header(b)
	if !ok {
		return false
	}
	if layer != 1 {
		return true
	}
	_, _, ok = mp3Header(b[min(fr.size, len(b)):])
	return ok
}

func mp3Duration(b []byte) (time.Duration, error) {
	const f = FormatMP3
	off, ok := id3v2Len(b)
	if !ok {
		return 0, broken(f, "its ID3 tag is cut off")
	}
	var total time.Duration
	frames := 0
	for off < len(b) {
		rest := b[off:]
		if len(rest) == 128 && string(rest[:3]) == "TAG" {
			break // ID3v1
		}
		fr, layer, ok := mp3Header(rest)
		if ok && layer != 1 {
			return 0, &WrongCodecError{Format: f, Found: "MPEG Layer " + map[byte]string{2: "II", 3: "I"}[layer] + " audio"}
		}
		if !ok {
			if frames == 0 {
				return 0, ErrUnknown
			}
			return 0, broken(f, "frame %d (at byte %d) is not a frame", frames+1, off)
		}
		if fr.size > len(rest) {
			return 0, broken(f, "the last frame is cut off")
		}
		total += ticks(fr.samples, uint64(fr.rate))
		frames++
		off += fr.size
	}
	if frames == 0 {
		return 0, ErrUnknown
	}
	return total, nil
}
