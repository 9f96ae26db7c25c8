package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"paidee/models"
	"paidee/models/audio/audiotest"
)

// The voice path through the API, with real recordings made at test time
// (the seeds ship none): each accepted format, each refused file, the
// content-hash URL (cache headers, ETag, 304, Range), the audit entry, the
// public log and the bundle's delta.

func (e *consoleEnv) firstQuestion() models.QuestionView {
	e.t.Helper()
	list, err := e.store.ListQuestions(context.Background())
	if err != nil || len(list) == 0 {
		e.t.Fatalf("no question: %v", err)
	}
	return list[0]
}

func (e *consoleEnv) putClip(target, lang string, b []byte, ctype string) response {
	e.t.Helper()
	return e.asAdmin("PUT", "/api/v1/clips/"+target+"/"+lang, string(b), ctype)
}

func hexSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestClips_EachAcceptedFormat(t *testing.T) {
	env := newConsoleEnv(t)
	q := env.firstQuestion()
	for i, tc := range []struct {
		kind, ctype, served string
		target              string
	}{
		{audiotest.OggOpus, "audio/ogg", "audio/ogg; codecs=opus", "question:" + itoa(int(q.ID))},
		{audiotest.WebMOpus, "audio/webm;codecs=opus", "audio/webm; codecs=opus", "verdict:not-listed"},
		{audiotest.MP3, "audio/mpeg", "audio/mpeg", "verdict:status-licensed"},
		{audiotest.M4A, "audio/x-m4a", "audio/mp4; codecs=mp4a.40.2", "verdict:job-danger"},
		// Safari records fragmented MP4; the name and type a browser gives do not matter.
		{audiotest.M4AFrag, "application/octet-stream", "audio/mp4; codecs=mp4a.40.2", "verdict:job-safe"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			b := audiotest.Make(t, tc.kind, 4+i, 0)
			r := env.putClip(tc.target, "lo", b, tc.ctype)
			if r.status != 201 {
				t.Fatalf("upload: %d %s", r.status, r.body)
			}
			var v models.ClipView
			decode(t, r, &v)
			if v.Target != tc.target || v.Lang != "lo" || v.SHA256 != hexSHA(b) || v.Bytes != len(b) || v.Type != tc.served {
				t.Errorf("reference %+v", v)
			}
			if want := (4 + i) * 1000; v.DurationMS < want-150 || v.DurationMS > want+150 {
				t.Errorf("duration_ms %d, want about %d", v.DurationMS, want)
			}
			got := env.get("/api/v1/clips/" + v.SHA256)
			if got.status != 200 || !bytes.Equal(got.body, b) {
				t.Fatalf("audio: %d, %d bytes (want %d)", got.status, len(got.body), len(b))
			}
			if ct := got.header.Get("Content-Type"); ct != tc.served {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := got.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control %q", cc)
			}
			if got.header.Get("Content-Encoding") != "" {
				t.Error("audio compressed again")
			}
		})
	}
	var list listOf[models.ClipView]
	decode(t, env.get("/api/v1/clips"), &list)
	if list.Total != 5 {
		t.Errorf("%d clips listed", list.Total)
	}
}

func TestClips_Refused(t *testing.T) {
	env := newConsoleEnv(t)
	q := env.firstQuestion()
	target := "question:" + itoa(int(q.ID))
	ogg := audiotest.Make(t, audiotest.OggOpus, 3, 0)
	big := audiotest.Make(t, audiotest.OggOpus, 66, 256) // real audio, 2 MB
	if len(big) < 2_000_000 {
		t.Fatalf("the large clip is only %d bytes", len(big))
	}
	for _, tc := range []struct {
		name, target, lang string
		body               []byte
		ctype              string
		tok                string
		status             int
		code, says         string
	}{
		{"a text file named .ogg", target, "lo", []byte("ສະບາຍດີ: this is a note, not a recording\n"), "audio/ogg", "", 415, "unsupported_media_type", "this file is text"},
		{"a WAV recording", target, "lo", audiotest.Make(t, audiotest.WAV, 2, 0), "audio/wav", "", 415, "unsupported_media_type", "WAV"},
		{"2 MB", target, "lo", big, "audio/ogg", "", 413, "payload_too_large", "max 1 MB"},
		{"90 s", target, "lo", audiotest.Make(t, audiotest.OggOpus, 90, 24), "audio/ogg", "", 422, "validation_failed", "1 min 30 s long; a clip may be at most 60 s"},
		{"90 s of MP3", target, "lo", audiotest.Make(t, audiotest.MP3, 90, 8), "audio/mpeg", "", 422, "validation_failed", "at most 60 s"},
		{"Vorbis in Ogg", target, "lo", audiotest.Make(t, audiotest.OggVorbis, 2, 0), "audio/ogg", "", 422, "validation_failed", "Vorbis"},
		{"video", target, "lo", audiotest.Make(t, audiotest.WebMVideo, 2, 0), "video/webm", "", 422, "validation_failed", "video"},
		{"cut off", target, "lo", ogg[:len(ogg)/2], "audio/ogg", "", 422, "validation_failed", "damaged"},
		{"English", target, "en", ogg, "audio/ogg", "", 422, "validation_failed", ""},
		{"no such kind of text", "contact:1", "lo", ogg, "audio/ogg", "", 422, "validation_failed", ""},
		{"no such verdict", "verdict:fine", "lo", ogg, "audio/ogg", "", 422, "validation_failed", ""},
		{"no such question", "question:99999", "lo", ogg, "audio/ogg", "", 404, "not_found", "question 99999 not found"},
		{"a verifier", target, "lo", ogg, "audio/ogg", env.token(env.verifier), 403, "forbidden", ""},
		{"nobody", target, "lo", ogg, "audio/ogg", "-", 401, "unauthorized", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := env.auditCount(models.EntityClip)
			tok := tc.tok
			switch tok {
			case "":
				tok = env.token(env.admin)
			case "-":
				tok = ""
			}
			r := env.as(tok, "PUT", "/api/v1/clips/"+tc.target+"/"+tc.lang, string(tc.body), tc.ctype)
			if r.status != tc.status || r.errorCode(t) != tc.code {
				t.Fatalf("%d %s, want %d %s", r.status, r.body, tc.status, tc.code)
			}
			if !strings.Contains(string(r.body), tc.says) {
				t.Errorf("the error does not say %q: %s", tc.says, r.body)
			}
			if env.auditCount(models.EntityClip) != before {
				t.Error("a refused clip was audited")
			}
		})
	}
	var list listOf[models.ClipView]
	decode(t, env.get("/api/v1/clips"), &list)
	if list.Total != 0 {
		t.Errorf("%d clips stored", list.Total)
	}
}

func TestClips_ContentHashURL(t *testing.T) {
	env := newConsoleEnv(t)
	b := audiotest.Make(t, audiotest.OggOpus, 5, 0)
	r := env.putClip("verdict:status-revoked", "th", b, "audio/ogg")
	if r.status != 201 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	url := "/api/v1/clips/" + hexSHA(b)
	n := len(b)
	full := env.get(url)
	etag := full.header.Get("ETag")
	if etag != `"`+hexSHA(b)+`"` || full.header.Get("Accept-Ranges") != "bytes" {
		t.Fatalf("ETag %q, Accept-Ranges %q", etag, full.header.Get("Accept-Ranges"))
	}
	if r := env.get(url, "If-None-Match", etag); r.status != 304 || len(r.body) != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", r.status, len(r.body))
	}
	for _, tc := range []struct {
		rng, ifRange string
		status       int
		from, to     int // the bytes answered (to inclusive)
	}{
		{"bytes=0-99", "", 206, 0, 99},
		{"bytes=100-", "", 206, 100, n - 1},
		{"bytes=-50", "", 206, n - 50, n - 1},
		{"bytes=10-" + strconv.Itoa(n+500), "", 206, 10, n - 1},
		{"bytes=0-0", "", 206, 0, 0},
		{"bytes=" + strconv.Itoa(n) + "-", "", 416, 0, 0},
		{"bytes=0-1,5-9", "", 200, 0, n - 1}, // several ranges: the whole recording
		{"pages=1", "", 200, 0, n - 1},
		{"bytes=0-99", `"another"`, 200, 0, n - 1}, // If-Range of other bytes: all of them
		{"bytes=0-99", etag, 206, 0, 99},
	} {
		h := []string{"Range", tc.rng}
		if tc.ifRange != "" {
			h = append(h, "If-Range", tc.ifRange)
		}
		r := env.get(url, h...)
		if r.status != tc.status {
			t.Errorf("%s: %d %s", tc.rng, r.status, r.body)
			continue
		}
		switch tc.status {
		case 416:
			if cr := r.header.Get("Content-Range"); cr != "bytes */"+strconv.Itoa(n) || r.errorCode(t) != "range_not_satisfiable" {
				t.Errorf("%s: Content-Range %q, %s", tc.rng, cr, r.body)
			}
		case 206:
			want := "bytes " + strconv.Itoa(tc.from) + "-" + strconv.Itoa(tc.to) + "/" + strconv.Itoa(n)
			if cr := r.header.Get("Content-Range"); cr != want || !bytes.Equal(r.body, b[tc.from:tc.to+1]) {
				t.Errorf("%s: Content-Range %q (want %q), %d bytes", tc.rng, cr, want, len(r.body))
			}
		default:
			if !bytes.Equal(r.body, b) {
				t.Errorf("%s: %d bytes, want the whole %d", tc.rng, len(r.body), n)
			}
		}
	}
	// HEAD (a media element or a cache asking for the headers): the same
	// status and headers as GET, no body.
	for _, h := range [][]string{nil, {"Range", "bytes=0-99"}, {"If-None-Match", etag}, {"Range", "bytes=" + strconv.Itoa(n) + "-"}} {
		get, head := env.get(url, h...), env.do("HEAD", url, "", h...)
		if head.status != get.status || len(head.body) != 0 {
			t.Errorf("HEAD %v: %d with %d bytes, GET %d", h, head.status, len(head.body), get.status)
		}
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Range", "ETag", "Cache-Control", "Accept-Ranges"} {
			if head.header.Get(k) != get.header.Get(k) {
				t.Errorf("HEAD %v: %s %q, GET %q", h, k, head.header.Get(k), get.header.Get(k))
			}
		}
	}
	if r := env.do("HEAD", "/api/v1/clips/"+strings.Repeat("0", 64), ""); r.status != 404 || len(r.body) != 0 {
		t.Errorf("HEAD of an unknown hash: %d, %d bytes", r.status, len(r.body))
	}
	if r := env.get("/api/v1/clips/" + strings.Repeat("0", 64)); r.status != 404 {
		t.Errorf("unknown hash: %d", r.status)
	}
	if r := env.get("/api/v1/clips/not-a-hash"); r.status != 400 {
		t.Errorf("bad hash: %d", r.status)
	}
}

// bundleJSON is a bundle answer as the phone reads it, clips and deletions.
type bundleJSON struct {
	Revision int64             `json:"revision"`
	Clips    []models.ClipView `json:"clips"`
	Deleted  map[string][]uint `json:"deleted"`
}

func (e *consoleEnv) bundleSince(rev int64) (bundleJSON, response) {
	e.t.Helper()
	r := e.get("/api/v1/bundle?since=" + strconv.FormatInt(rev, 10))
	if r.status != 200 {
		e.t.Fatalf("bundle: %d %s", r.status, r.body)
	}
	var b bundleJSON
	if err := json.Unmarshal(r.body, &b); err != nil {
		e.t.Fatal(err)
	}
	return b, r
}

func (e *consoleEnv) lastLogRecord(t *testing.T) models.RecordJSON {
	t.Helper()
	var lr models.LogRecord
	if err := e.store.DB.Order("seq DESC").First(&lr).Error; err != nil {
		t.Fatal(err)
	}
	var rec models.RecordJSON
	if err := json.Unmarshal(lr.Body, &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// Add, replace, delete: each an audited change with its public log record,
// reaching phones in the next delta as a reference (never the audio); the
// log still agrees with the data after each.
func TestClips_AuditedLoggedAndInTheDelta(t *testing.T) {
	env := newConsoleEnv(t)
	q := env.firstQuestion()
	target := "question:" + itoa(int(q.ID))
	first := audiotest.Make(t, audiotest.OggOpus, 6, 0)
	second := audiotest.Make(t, audiotest.WebMOpus, 8, 0)
	checkIntegrity := func(step string) {
		t.Helper()
		rep, err := env.store.CheckIntegrity(context.Background())
		if err != nil || !rep.OK {
			t.Fatalf("%s: integrity %+v %v", step, rep, err)
		}
	}

	rev0 := env.revision()
	r := env.putClip(target, "th", first, "audio/ogg")
	if r.status != 201 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	var added models.ClipView
	decode(t, r, &added)
	var page models.AuditPage
	decode(t, env.asAdmin("GET", "/api/v1/audit?entity=clip", ""), &page)
	if page.Total != 1 || page.Items[0].Action != "create" || page.Items[0].UserEmail != env.admin.Email || page.Items[0].EntityID != added.ID {
		t.Fatalf("audit %+v", page)
	}
	changed := map[string]any{}
	for _, c := range page.Items[0].Changes {
		changed[c.Field] = c.To
	}
	if changed["sha256"] != hexSHA(first) || changed["target"] != target || changed["lang"] != "th" {
		t.Errorf("audit changes %+v", page.Items[0].Changes)
	}
	rec := env.lastLogRecord(t)
	if rec.Entity != models.KindClip || rec.Kind != models.LogCreate || !strings.Contains(string(rec.Data), hexSHA(first)) {
		t.Errorf("log record %+v", rec)
	}
	delta, raw := env.bundleSince(rev0)
	if len(delta.Clips) != 1 || delta.Clips[0] != added {
		t.Fatalf("delta clips %+v, want %+v", delta.Clips, added)
	}
	if len(raw.body) > 8<<10 || bytes.Contains(raw.body, first[100:140]) {
		t.Errorf("the delta (%d bytes) carries more than references", len(raw.body))
	}
	checkIntegrity("added")

	// A replacement based on an older revision is refused.
	stale := env.asAdmin("PUT", "/api/v1/clips/"+target+"/th?revision="+strconv.FormatInt(added.Revision-1, 10), string(second), "audio/webm")
	if stale.status != 409 {
		t.Errorf("stale replace: %d %s", stale.status, stale.body)
	}
	rev1 := env.revision()
	r = env.asAdmin("PUT", "/api/v1/clips/"+target+"/th?revision="+strconv.FormatInt(added.Revision, 10), string(second), "audio/webm")
	if r.status != 200 {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	var replaced models.ClipView
	decode(t, r, &replaced)
	if replaced.ID != added.ID || replaced.SHA256 != hexSHA(second) || replaced.Type != "audio/webm; codecs=opus" {
		t.Errorf("replaced %+v", replaced)
	}
	delta, _ = env.bundleSince(rev1)
	if len(delta.Clips) != 1 || delta.Clips[0].SHA256 != hexSHA(second) {
		t.Errorf("delta after the replacement: %+v", delta.Clips)
	}
	if env.get("/api/v1/clips/"+hexSHA(first)).status != 404 {
		t.Error("the replaced recording is still served")
	}
	if rec := env.lastLogRecord(t); rec.Kind != models.LogUpdate || rec.Entity != models.KindClip {
		t.Errorf("log record %+v", rec)
	}
	// The same recording again changes nothing.
	rev2 := env.revision()
	if r := env.putClip(target, "th", second, "audio/webm"); r.status != 200 || env.revision() != rev2 {
		t.Errorf("same again: %d, revision %d → %d", r.status, rev2, env.revision())
	}
	checkIntegrity("replaced")

	if r := env.asAdmin("DELETE", "/api/v1/clips/"+target+"/th", ""); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	delta, _ = env.bundleSince(rev2)
	if len(delta.Clips) != 0 || len(delta.Deleted[models.KindClip]) != 1 || delta.Deleted[models.KindClip][0] != added.ID {
		t.Errorf("delta after the deletion: %+v", delta)
	}
	if env.get("/api/v1/clips/"+hexSHA(second)).status != 404 {
		t.Error("the deleted recording is still served")
	}
	if r := env.asAdmin("DELETE", "/api/v1/clips/"+target+"/th", ""); r.status != 404 {
		t.Errorf("delete again: %d", r.status)
	}
	decode(t, env.asAdmin("GET", "/api/v1/audit?entity=clip", ""), &page)
	if page.Total != 3 || page.Items[0].Action != "delete" {
		t.Errorf("audit after delete: %d entries, newest %+v", page.Total, page.Items[0])
	}
	checkIntegrity("deleted")
}

// A deleted text takes its clips with it, in the same change.
func TestClips_GoWithTheirText(t *testing.T) {
	env := newConsoleEnv(t)
	q := env.firstQuestion()
	for _, lang := range []string{"lo", "th"} {
		if r := env.putClip("question:"+itoa(int(q.ID)), lang, audiotest.Make(t, audiotest.OggOpus, 3, 0), "audio/ogg"); r.status != 201 {
			t.Fatalf("%d %s", r.status, r.body)
		}
	}
	rev := env.revision()
	if r := env.asAdmin("DELETE", "/api/v1/questions/"+itoa(int(q.ID)), ""); r.status != 204 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	delta, _ := env.bundleSince(rev)
	if len(delta.Deleted[models.KindClip]) != 2 || len(delta.Deleted[models.KindQuestion]) != 1 {
		t.Errorf("deleted %+v", delta.Deleted)
	}
	if env.auditCount(models.EntityClip) != 4 {
		t.Errorf("%d clip audit entries, want 2 uploads and 2 deletions", env.auditCount(models.EntityClip))
	}
	rep, err := env.store.CheckIntegrity(context.Background())
	if err != nil || !rep.OK {
		t.Fatalf("integrity %+v %v", rep, err)
	}
}

// The console may use the microphone and play a take from blob: before it
// is kept; the worker app may do neither.
func TestClips_MicrophoneOnlyInTheConsole(t *testing.T) {
	env := newConsoleEnv(t)
	for _, tc := range []struct {
		path, permissions, media string
	}{
		{"/verify/content/voice", "microphone=(self)", "media-src 'self' blob:;"},
		{"/", "microphone=()", "media-src 'self';"},
		{"/checklist", "microphone=()", "media-src 'self';"},
	} {
		r := env.get(tc.path)
		if r.status != 200 {
			t.Fatalf("%s: %d", tc.path, r.status)
		}
		if pp := r.header.Get("Permissions-Policy"); !strings.Contains(pp, tc.permissions) {
			t.Errorf("%s: Permissions-Policy %q", tc.path, pp)
		}
		if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, tc.media) || !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
	}
}
