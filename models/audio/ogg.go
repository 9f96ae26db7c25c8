package audio

import (
	"bytes"
	"time"
)

// Ogg (RFC 3533) with Opus (RFC 7845): the stream's first packet is the
// OpusHead header (with the pre-skip, the samples to drop at the start);
// every page carries the granule position, for Opus the number of 48 kHz
// samples decoded up to the end of the page. The duration is the last
// page's granule position less the pre-skip.

var oggCRCTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for j := 0; j < 8; j++ {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04c11db7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return
}()

// oggCRC is the page checksum: CRC-32 (poly 0x04c11db7, not reflected,
// initial 0) over the page with its checksum field taken as zero.
func oggCRC(page []byte) uint32 {
	var crc uint32
	for i, c := range page {
		if i >= 22 && i < 26 {
			c = 0
		}
		crc = crc<<8 ^ oggCRCTable[byte(crc>>24)^c]
	}
	return crc
}

func oggOpusDuration(b []byte) (time.Duration, error) {
	const f = FormatOggOpus
	var (
		serial   uint32
		preSkip  uint64
		granule  uint64
		haveHead bool
		pages    int
	)
	for off := 0; off < len(b); pages++ {
		rest := b[off:]
		if len(rest) < 27 || string(rest[:4]) != "OggS" {
			return 0, broken(f, "page %d (at byte %d) is cut off or missing", pages+1, off)
		}
		if rest[4] != 0 {
			return 0, broken(f, "page %d has an unknown Ogg version", pages+1)
		}
		nseg := int(rest[26])
		if len(rest) < 27+nseg {
			return 0, broken(f, "page %d is cut off", pages+1)
		}
		body := 0
		for _, l := range rest[27 : 27+nseg] {
			body += int(l)
		}
		size := 27 + nseg + body
		if len(rest) < size {
			return 0, broken(f, "page %d is cut off (%d of %d bytes)", pages+1, len(rest), size)
		}
		page := rest[:size]
		if oggCRC(page) != le32(page[22:26]) {
			return 0, broken(f, "page %d fails its checksum", pages+1)
		}
		pageSerial := le32(page[14:18])
		payload := page[27+nseg:]
		if pages == 0 {
			if page[5]&0x02 == 0 {
				return 0, broken(f, "the first page does not begin a stream")
			}
			switch {
			case len(payload) >= 19 && bytes.HasPrefix(payload, []byte("OpusHead")):
				if payload[8]>>4 != 0 {
					return 0, broken(f, "an Opus header of an unknown version")
				}
				if payload[9] == 0 {
					return 0, broken(f, "an Opus header with no channels")
				}
				serial, preSkip, haveHead = pageSerial, uint64(le16(payload[10:12])), true
			case bytes.HasPrefix(payload, []byte("\x01vorbis")):
				return 0, &WrongCodecError{Format: f, Found: "Vorbis audio"}
			case bytes.HasPrefix(payload, []byte("\x7fFLAC")):
				return 0, &WrongCodecError{Format: f, Found: "FLAC audio"}
			case bytes.HasPrefix(payload, []byte("Speex")):
				return 0, &WrongCodecError{Format: f, Found: "Speex audio"}
			case bytes.HasPrefix(payload, []byte("\x80theora")):
				return 0, &WrongCodecError{Format: f, Found: "Theora video"}
			default:
				return 0, &WrongCodecError{Format: f, Found: "something that is not Opus audio"}
			}
		} else if page[5]&0x02 != 0 && pageSerial != serial {
			// A second stream multiplexed in: a recording is one voice.
			return 0, &WrongCodecError{Format: f, Found: "more than one stream"}
		}
		if pageSerial == serial {
			if g := le64(page[6:14]); g != ^uint64(0) {
				granule = g
			}
		}
		off += size
	}
	if !haveHead {
		return 0, broken(f, "no Opus header")
	}
	if granule <= preSkip {
		return 0, nil
	}
	return ticks(granule-preSkip, 48000), nil
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
