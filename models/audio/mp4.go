package audio

import "time"

// MP4/M4A (ISO BMFF) with AAC: an ftyp box, a moov box with one audio
// track whose sample entry is mp4a, and no video. The duration is the
// longest of what the file says and what it holds: mvhd's and the track's
// mdhd duration, the sum of its sample table's durations (stts), and, for
// a fragmented file (what Safari's MediaRecorder writes, with durations of
// zero in moov), the sum of the sample durations of every fragment (trun,
// with tfhd's and trex's defaults). A file cannot pass the limit by
// claiming to be short.

type mp4Box struct {
	typ        string
	start, end int // of the payload
}

// mp4Boxes lists the boxes in b[off:end].
func mp4Boxes(b []byte, off, end int) ([]mp4Box, bool) {
	var out []mp4Box
	for off < end {
		if end-off < 8 || len(out) > 4096 {
			return nil, false
		}
		size := uint64(be32(b[off:]))
		typ := string(b[off+4 : off+8])
		hdr := 8
		switch size {
		case 0:
			size = uint64(end - off)
		case 1:
			if end-off < 16 {
				return nil, false
			}
			size, hdr = be64(b[off+8:]), 16
		}
		if size < uint64(hdr) || size > uint64(end-off) {
			return nil, false
		}
		out = append(out, mp4Box{typ: typ, start: off + hdr, end: off + int(size)})
		off += int(size)
	}
	return out, true
}

func mp4Find(boxes []mp4Box, typ string) (mp4Box, bool) {
	for _, x := range boxes {
		if x.typ == typ {
			return x, true
		}
	}
	return mp4Box{}, false
}

type mp4Track struct {
	id        uint32
	handler   string
	entry     string // the first sample entry's type
	timescale uint32
	mdhdDur   uint64
	sttsDur   uint64
	fragDur   uint64
	trexDur   uint32
}

func satAdd(a, b uint64) uint64 {
	if a+b < a || a+b > 1<<53 {
		return 1 << 53
	}
	return a + b
}

func satMul(a, b uint64) uint64 {
	if a != 0 && b > (1<<53)/a {
		return 1 << 53
	}
	return a * b
}

func mp4Duration(b []byte) (time.Duration, error) {
	const f = FormatMP4AAC
	top, ok := mp4Boxes(b, 0, len(b))
	if !ok {
		return 0, broken(f, "its boxes do not add up (cut off?)")
	}
	if top[0].typ != "ftyp" || top[0].end-top[0].start < 8 {
		return 0, ErrUnknown
	}
	if brand := string(b[top[0].start : top[0].start+4]); brand == "qt  " {
		return 0, &WrongCodecError{Format: f, Found: "a QuickTime movie"}
	}
	moov, ok := mp4Find(top, "moov")
	if !ok {
		return 0, broken(f, "it has no moov box")
	}
	kids, ok := mp4Boxes(b, moov.start, moov.end)
	if !ok {
		return 0, broken(f, "its moov box is damaged")
	}
	var mvTimescale uint32
	var mvDur uint64
	var tracks []*mp4Track
	trex := map[uint32]uint32{}
	for _, k := range kids {
		p := b[k.start:k.end]
		switch k.typ {
		case "mvhd":
			ts, d, ok := fullBoxTimes(p)
			if !ok {
				return 0, broken(f, "its mvhd box is damaged")
			}
			mvTimescale, mvDur = ts, d
		case "trak":
			tr, err := mp4Trak(b, k)
			if err != nil {
				return 0, err
			}
			tracks = append(tracks, tr)
		case "mvex":
			ex, ok := mp4Boxes(b, k.start, k.end)
			if !ok {
				return 0, broken(f, "its mvex box is damaged")
			}
			for _, x := range ex {
				if x.typ == "trex" && x.end-x.start >= 24 {
					trex[be32(b[x.start+4:])] = be32(b[x.start+12:])
				}
			}
		}
	}
	var audio *mp4Track
	for _, tr := range tracks {
		switch {
		case tr.handler == "vide":
			return 0, &WrongCodecError{Format: f, Found: "video"}
		case tr.handler != "soun":
		case audio != nil:
			return 0, &WrongCodecError{Format: f, Found: "more than one audio track"}
		default:
			audio = tr
		}
	}
	if audio == nil {
		return 0, &WrongCodecError{Format: f, Found: "no audio track"}
	}
	if audio.entry != "mp4a" {
		found, ok := map[string]string{"alac": "Apple Lossless audio", "ac-3": "AC-3 audio", "ec-3": "E-AC-3 audio",
			"Opus": "Opus audio", "fLaC": "FLAC audio", "": "no sample description"}[audio.entry]
		if !ok {
			found = "audio of another kind"
		}
		return 0, &WrongCodecError{Format: f, Found: found}
	}
	audio.trexDur = trex[audio.id]
	for _, x := range top {
		if x.typ != "moof" {
			continue
		}
		if err := mp4Moof(b, x, audio); err != nil {
			return 0, err
		}
	}
	best := ticks(max(audio.mdhdDur, audio.sttsDur, audio.fragDur), uint64(audio.timescale))
	if d := ticks(mvDur, uint64(mvTimescale)); d > best {
		best = d
	}
	return best, nil
}

// fullBoxTimes reads the timescale and duration of an mvhd or mdhd box.
func fullBoxTimes(p []byte) (uint32, uint64, bool) {
	if len(p) < 4 {
		return 0, 0, false
	}
	if p[0] == 1 {
		if len(p) < 32 {
			return 0, 0, false
		}
		return be32(p[20:]), be64(p[24:]), true
	}
	if len(p) < 20 {
		return 0, 0, false
	}
	return be32(p[12:]), uint64(be32(p[16:])), true
}

func mp4Trak(b []byte, trak mp4Box) (*mp4Track, error) {
	const f = FormatMP4AAC
	bad := broken(f, "a track box is damaged")
	tr := &mp4Track{}
	kids, ok := mp4Boxes(b, trak.start, trak.end)
	if !ok {
		return nil, bad
	}
	if tkhd, ok := mp4Find(kids, "tkhd"); ok {
		p := b[tkhd.start:tkhd.end]
		switch {
		case len(p) >= 24 && p[0] == 1:
			tr.id = be32(p[20:])
		case len(p) >= 16:
			tr.id = be32(p[12:])
		default:
			return nil, bad
		}
	}
	mdia, ok := mp4Find(kids, "mdia")
	if !ok {
		return tr, nil
	}
	mk, ok := mp4Boxes(b, mdia.start, mdia.end)
	if !ok {
		return nil, bad
	}
	if hdlr, ok := mp4Find(mk, "hdlr"); ok && hdlr.end-hdlr.start >= 12 {
		tr.handler = string(b[hdlr.start+8 : hdlr.start+12])
	}
	if mdhd, ok := mp4Find(mk, "mdhd"); ok {
		if tr.timescale, tr.mdhdDur, ok = fullBoxTimes(b[mdhd.start:mdhd.end]); !ok {
			return nil, bad
		}
	}
	minf, ok := mp4Find(mk, "minf")
	if !ok {
		return tr, nil
	}
	nk, ok := mp4Boxes(b, minf.start, minf.end)
	if !ok {
		return nil, bad
	}
	stbl, ok := mp4Find(nk, "stbl")
	if !ok {
		return tr, nil
	}
	sk, ok := mp4Boxes(b, stbl.start, stbl.end)
	if !ok {
		return nil, bad
	}
	if stsd, ok := mp4Find(sk, "stsd"); ok && stsd.end-stsd.start >= 16 {
		// version/flags, entry count, then the first entry (a box).
		tr.entry = string(b[stsd.start+12 : stsd.start+16])
	}
	if stts, ok := mp4Find(sk, "stts"); ok {
		p := b[stts.start:stts.end]
		if len(p) < 8 {
			return nil, bad
		}
		n := uint64(be32(p[4:]))
		if n > uint64(len(p)-8)/8 {
			return nil, broken(f, "a sample table is cut off")
		}
		for i := uint64(0); i < n; i++ {
			e := p[8+8*i:]
			tr.sttsDur = satAdd(tr.sttsDur, satMul(uint64(be32(e)), uint64(be32(e[4:]))))
		}
	}
	return tr, nil
}

// mp4Moof adds the audio track's sample durations in one fragment.
func mp4Moof(b []byte, moof mp4Box, tr *mp4Track) error {
	const f = FormatMP4AAC
	bad := broken(f, "a fragment (moof) is damaged")
	kids, ok := mp4Boxes(b, moof.start, moof.end)
	if !ok {
		return bad
	}
	for _, traf := range kids {
		if traf.typ != "traf" {
			continue
		}
		tk, ok := mp4Boxes(b, traf.start, traf.end)
		if !ok {
			return bad
		}
		tfhd, ok := mp4Find(tk, "tfhd")
		if !ok {
			return bad
		}
		p := b[tfhd.start:tfhd.end]
		if len(p) < 8 {
			return bad
		}
		flags := be32(p) & 0xFFFFFF
		if be32(p[4:]) != tr.id {
			continue
		}
		def := tr.trexDur
		o := 8
		if flags&0x01 != 0 {
			o += 8
		}
		if flags&0x02 != 0 {
			o += 4
		}
		if flags&0x08 != 0 {
			if len(p) < o+4 {
				return bad
			}
			def = be32(p[o:])
		}
		for _, run := range tk {
			if run.typ != "trun" {
				continue
			}
			q := b[run.start:run.end]
			if len(q) < 8 {
				return bad
			}
			rf := be32(q) & 0xFFFFFF
			n := uint64(be32(q[4:]))
			o := 8
			if rf&0x01 != 0 {
				o += 4
			}
			if rf&0x04 != 0 {
				o += 4
			}
			per := 0
			for _, bit := range []uint32{0x100, 0x200, 0x400, 0x800} {
				if rf&bit != 0 {
					per += 4
				}
			}
			if o > len(q) || (per > 0 && n > uint64(len(q)-o)/uint64(per)) {
				return broken(f, "a fragment's sample list is cut off")
			}
			if rf&0x100 == 0 {
				tr.fragDur = satAdd(tr.fragDur, satMul(n, uint64(def)))
				continue
			}
			for i := uint64(0); i < n; i++ {
				tr.fragDur = satAdd(tr.fragDur, uint64(be32(q[o+int(i)*per:])))
			}
		}
	}
	return nil
}
