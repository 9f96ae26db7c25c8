package audio

import (
	"encoding/binary"
	"math"
	"time"
)

// WebM (Matroska's EBML) with Opus, as browsers' MediaRecorder writes it:
// the Segment and its Clusters often have an unknown size (the recorder
// streams), and the Info element usually has no Duration. The duration is
// read from the blocks themselves: each block's time (its cluster's
// Timecode plus its own offset, in TimecodeScale units) plus the length of
// its Opus packets (from each packet's first byte, RFC 6716 §3.1), latest
// end less earliest start. A Duration in Info counts only if it is longer:
// a file cannot pass the limit by claiming to be short.

const (
	idEBML         = 0x1A45DFA3
	idDocType      = 0x4282
	idSegment      = 0x18538067
	idSeekHead     = 0x114D9B74
	idInfo         = 0x1549A966
	idTimecodeScl  = 0x2AD7B1
	idDuration     = 0x4489
	idTracks       = 0x1654AE6B
	idTrackEntry   = 0xAE
	idTrackNumber  = 0xD7
	idTrackType    = 0x83
	idCodecID      = 0x86
	idCluster      = 0x1F43B675
	idTimecode     = 0xE7
	idSimpleBlock  = 0xA3
	idBlockGroup   = 0xA0
	idBlock        = 0xA1
	idCues         = 0x1C53BB6B
	idTags         = 0x1254C367
	idChapters     = 0x1043A770
	idAttachments  = 0x1941A469
	webmMaxTracks  = 8
	webmTrackAudio = 2
	webmTrackVideo = 1
)

// topLevel are the Segment's children: inside a Cluster of unknown size,
// one of them ends the Cluster.
var topLevel = map[uint32]bool{idSeekHead: true, idInfo: true, idTracks: true, idCluster: true,
	idCues: true, idTags: true, idChapters: true, idAttachments: true}

// ebmlID reads an element ID (1-4 bytes, marker bit kept).
func ebmlID(b []byte) (uint32, int, bool) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, false
	}
	n := 1
	for m := byte(0x80); b[0]&m == 0; m >>= 1 {
		n++
	}
	if n > 4 || len(b) < n {
		return 0, 0, false
	}
	var id uint32
	for i := 0; i < n; i++ {
		id = id<<8 | uint32(b[i])
	}
	return id, n, true
}

// ebmlSize reads an element size (1-8 bytes, marker removed); unknown is
// the all-ones value, "until the parent ends".
func ebmlSize(b []byte) (size uint64, n int, unknown, ok bool) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, false, false
	}
	n = 1
	m := byte(0x80)
	for ; b[0]&m == 0; m >>= 1 {
		n++
	}
	if len(b) < n {
		return 0, 0, false, false
	}
	size = uint64(b[0] & (m - 1))
	allOnes := size == uint64(m-1)
	for i := 1; i < n; i++ {
		size = size<<8 | uint64(b[i])
		allOnes = allOnes && b[i] == 0xFF
	}
	return size, n, allOnes, true
}

func ebmlUint(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

type webmElem struct {
	id      uint32
	start   int // of the data
	end     int // of the data (the parent's end when unknown)
	unknown bool
}

// next reads the element header at off, with parentEnd bounding it.
func nextElem(b []byte, off, parentEnd int) (webmElem, bool) {
	id, n, ok := ebmlID(b[off:parentEnd])
	if !ok {
		return webmElem{}, false
	}
	size, m, unknown, ok := ebmlSize(b[off+n : parentEnd])
	if !ok {
		return webmElem{}, false
	}
	e := webmElem{id: id, start: off + n + m, unknown: unknown}
	if unknown {
		e.end = parentEnd
	} else {
		if size > uint64(parentEnd-e.start) {
			return webmElem{}, false
		}
		e.end = e.start + int(size)
	}
	return e, true
}

type webmTrack struct {
	kind  uint64
	codec string
}

type webmSpan struct {
	start, end int64 // nanoseconds
	seen       bool
}

func webmOpusDuration(b []byte) (time.Duration, error) {
	const f = FormatWebMOpus
	hdr, ok := nextElem(b, 0, len(b))
	if !ok || hdr.id != idEBML || hdr.unknown {
		return 0, broken(f, "its EBML header is cut off")
	}
	doc := ""
	for off := hdr.start; off < hdr.end; {
		e, ok := nextElem(b, off, hdr.end)
		if !ok || e.unknown {
			return 0, broken(f, "its EBML header is damaged")
		}
		if e.id == idDocType {
			doc = string(b[e.start:e.end])
		}
		off = e.end
	}
	if doc != "webm" && doc != "matroska" {
		return 0, ErrUnknown
	}
	seg, ok := nextElem(b, hdr.end, len(b))
	if !ok || seg.id != idSegment {
		return 0, broken(f, "no Segment after the header (cut off?)")
	}
	scale := uint64(1000000) // ns per timecode unit
	var infoDur float64
	tracks := map[uint64]webmTrack{}
	spans := map[uint64]*webmSpan{}
	for off := seg.start; off < seg.end; {
		e, ok := nextElem(b, off, seg.end)
		if !ok {
			return 0, broken(f, "an element at byte %d is cut off", off)
		}
		switch e.id {
		case idInfo:
			for o := e.start; o < e.end; {
				c, ok := nextElem(b, o, e.end)
				if !ok || c.unknown {
					return 0, broken(f, "its Info is damaged")
				}
				d := b[c.start:c.end]
				switch c.id {
				case idTimecodeScl:
					if len(d) == 0 || len(d) > 8 || ebmlUint(d) == 0 {
						return 0, broken(f, "a bad TimecodeScale")
					}
					scale = ebmlUint(d)
				case idDuration:
					switch len(d) {
					case 4:
						infoDur = float64(math.Float32frombits(binary.BigEndian.Uint32(d)))
					case 8:
						infoDur = math.Float64frombits(binary.BigEndian.Uint64(d))
					default:
						return 0, broken(f, "a bad Duration")
					}
				}
				o = c.end
			}
		case idTracks:
			for o := e.start; o < e.end; {
				c, ok := nextElem(b, o, e.end)
				if !ok || c.unknown {
					return 0, broken(f, "its Tracks are damaged")
				}
				if c.id == idTrackEntry {
					var num uint64
					var tr webmTrack
					for p := c.start; p < c.end; {
						g, ok := nextElem(b, p, c.end)
						if !ok || g.unknown {
							return 0, broken(f, "a track entry is damaged")
						}
						d := b[g.start:g.end]
						switch g.id {
						case idTrackNumber:
							num = ebmlUint(d)
						case idTrackType:
							tr.kind = ebmlUint(d)
						case idCodecID:
							tr.codec = string(d)
						}
						p = g.end
					}
					if len(tracks) >= webmMaxTracks {
						return 0, &WrongCodecError{Format: f, Found: "too many tracks"}
					}
					tracks[num] = tr
				}
				o = c.end
			}
		case idCluster:
			end, err := webmCluster(b, e, scale, spans)
			if err != nil {
				return 0, err
			}
			e.end = end
		default:
			if e.unknown {
				return 0, broken(f, "an element of unknown size at byte %d", off)
			}
		}
		off = e.end
	}
	var opus uint64
	found := false
	for num, tr := range tracks {
		switch {
		case tr.kind == webmTrackVideo:
			return 0, &WrongCodecError{Format: f, Found: "video"}
		case tr.kind == webmTrackAudio && tr.codec == "A_OPUS":
			if found {
				return 0, &WrongCodecError{Format: f, Found: "more than one audio track"}
			}
			opus, found = num, true
		case tr.kind == webmTrackAudio:
			return 0, &WrongCodecError{Format: f, Found: codecLabel(tr.codec)}
		}
	}
	if !found {
		return 0, &WrongCodecError{Format: f, Found: "no Opus audio track"}
	}
	var d time.Duration
	if s := spans[opus]; s != nil && s.seen && s.end > s.start {
		d = time.Duration(s.end - s.start)
	}
	if infoDur > 0 && !math.IsInf(infoDur, 0) {
		ns := infoDur * float64(scale)
		if ns > float64(24*time.Hour) {
			ns = float64(24 * time.Hour)
		}
		if time.Duration(ns) > d {
			d = time.Duration(ns)
		}
	}
	return d, nil
}

func codecLabel(c string) string {
	switch c {
	case "A_VORBIS":
		return "Vorbis audio"
	case "A_AAC":
		return "AAC audio"
	case "A_MPEG/L3":
		return "MP3 audio"
	case "":
		return "audio of no named codec"
	}
	return c + " audio"
}

// webmCluster reads one cluster's blocks into spans and returns where the
// cluster ends (for one of unknown size: at the next top-level element).
func webmCluster(b []byte, cl webmElem, scale uint64, spans map[uint64]*webmSpan) (int, error) {
	const f = FormatWebMOpus
	var tc uint64
	off := cl.start
	for off < cl.end {
		if cl.unknown {
			if id, _, ok := ebmlID(b[off:cl.end]); ok && topLevel[id] {
				return off, nil
			}
		}
		e, ok := nextElem(b, off, cl.end)
		if !ok || e.unknown {
			return 0, broken(f, "a cluster element at byte %d is cut off", off)
		}
		switch e.id {
		case idTimecode:
			if e.end-e.start > 8 {
				return 0, broken(f, "a bad cluster timecode")
			}
			tc = ebmlUint(b[e.start:e.end])
		case idSimpleBlock:
			if err := webmBlock(b[e.start:e.end], tc, scale, spans); err != nil {
				return 0, err
			}
		case idBlockGroup:
			for o := e.start; o < e.end; {
				c, ok := nextElem(b, o, e.end)
				if !ok || c.unknown {
					return 0, broken(f, "a block group is damaged")
				}
				if c.id == idBlock {
					if err := webmBlock(b[c.start:c.end], tc, scale, spans); err != nil {
						return 0, err
					}
				}
				o = c.end
			}
		}
		off = e.end
	}
	return off, nil
}

// webmBlock adds one block's time span to its track's.
func webmBlock(d []byte, clusterTC, scale uint64, spans map[uint64]*webmSpan) error {
	const f = FormatWebMOpus
	track, n, _, ok := ebmlSize(d)
	if !ok || len(d) < n+3 {
		return broken(f, "a block is cut off")
	}
	rel := int64(int16(be16(d[n : n+2])))
	flags := d[n+2]
	frames, err := blockFrames(d[n+3:], flags)
	if err != nil {
		return err
	}
	var samples int64
	for _, fr := range frames {
		s, ok := opusPacketSamples(fr)
		if !ok {
			return broken(f, "an Opus packet is damaged")
		}
		samples += s
	}
	// Bounded so that the product below cannot overflow.
	if clusterTC > 1<<32 || scale > uint64(time.Second) {
		return broken(f, "a timecode out of range")
	}
	start := (int64(clusterTC) + rel) * int64(scale)
	end := start + samples*int64(time.Second)/48000
	s := spans[track]
	if s == nil {
		if len(spans) >= webmMaxTracks {
			return &WrongCodecError{Format: f, Found: "too many tracks"}
		}
		s = &webmSpan{}
		spans[track] = s
	}
	if !s.seen || start < s.start {
		s.start = start
	}
	if !s.seen || end > s.end {
		s.end = end
	}
	s.seen = true
	return nil
}

// blockFrames splits a block's data into its frames by its lacing.
func blockFrames(d []byte, flags byte) ([][]byte, error) {
	const f = FormatWebMOpus
	lacing := (flags >> 1) & 3
	if lacing == 0 {
		return [][]byte{d}, nil
	}
	if len(d) < 1 {
		return nil, broken(f, "a laced block is cut off")
	}
	count := int(d[0]) + 1
	d = d[1:]
	sizes := make([]int, 0, count)
	switch lacing {
	case 1: // Xiph
		for i := 0; i < count-1; i++ {
			s := 0
			for {
				if len(d) == 0 {
					return nil, broken(f, "a laced block is cut off")
				}
				c := d[0]
				d = d[1:]
				s += int(c)
				if c != 255 {
					break
				}
			}
			sizes = append(sizes, s)
		}
	case 3: // EBML
		first, n, _, ok := ebmlSize(d)
		if !ok || first > uint64(len(d)) {
			return nil, broken(f, "a laced block is cut off")
		}
		d = d[n:]
		prev := int64(first)
		sizes = append(sizes, int(first))
		for i := 1; i < count-1; i++ {
			raw, n, _, ok := ebmlSize(d)
			if !ok {
				return nil, broken(f, "a laced block is cut off")
			}
			d = d[n:]
			bias := int64(1)<<(7*uint(n)-1) - 1
			prev += int64(raw) - bias
			if prev < 0 || prev > int64(len(d)) {
				return nil, broken(f, "a laced block has a bad size")
			}
			sizes = append(sizes, int(prev))
		}
	case 2: // fixed
		if len(d)%count != 0 {
			return nil, broken(f, "a fixed-size laced block does not divide evenly")
		}
		for i := 0; i < count-1; i++ {
			sizes = append(sizes, len(d)/count)
		}
	}
	out := make([][]byte, 0, count)
	for _, s := range sizes {
		if s > len(d) {
			return nil, broken(f, "a laced block has a bad size")
		}
		out = append(out, d[:s])
		d = d[s:]
	}
	return append(out, d), nil
}

// opusPacketSamples is the number of 48 kHz samples an Opus packet holds,
// from its TOC byte (RFC 6716 §3.1).
func opusPacketSamples(p []byte) (int64, bool) {
	if len(p) == 0 {
		return 0, false
	}
	toc := p[0]
	config := toc >> 3
	var frame int64 // samples at 48 kHz
	switch {
	case config < 12:
		frame = []int64{480, 960, 1920, 2880}[config&3]
	case config < 16:
		frame = []int64{480, 960}[config&1]
	default:
		frame = []int64{120, 240, 480, 960}[config&3]
	}
	var n int64
	switch toc & 3 {
	case 0:
		n = 1
	case 1, 2:
		n = 2
	case 3:
		if len(p) < 2 {
			return 0, false
		}
		n = int64(p[1] & 0x3F)
		if n == 0 {
			return 0, false
		}
	}
	if frame*n > 5760 { // RFC 6716: a packet holds at most 120 ms
		return 0, false
	}
	return frame * n, true
}
