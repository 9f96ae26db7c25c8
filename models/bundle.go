package models

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"
)

// Bundle is everything public that changed after revision Since (all of it
// when Full), for the PWA to keep on the phone.
type Bundle struct {
	Dataset       string     `json:"dataset"`
	Revision      int64      `json:"revision"`
	Since         int64      `json:"since"`
	Full          bool       `json:"full"`
	DataUpdatedAt *time.Time `json:"data_updated_at"`
	// RevisionAt is when Revision was made; a phone sends it back with
	// since= so the server can tell it is the same database (see RevisionMark).
	RevisionAt *time.Time        `json:"revision_at,omitempty"`
	Agencies   []json.RawMessage `json:"agencies"`
	Contacts   []ContactView     `json:"contacts"`
	Checklist  []StageView       `json:"checklist"`
	Questions  []QuestionView    `json:"questions"`
	Phrases    []PhraseView      `json:"phrases"`
	CostItems  []CostItemView    `json:"cost_items"`
	// Clips are the references of the voice recordings (never the audio:
	// that is at /api/v1/clips/{hash}, downloaded only when asked for).
	Clips      []ClipView        `json:"clips"`
	Provinces  []Province        `json:"provinces,omitempty"`   // full bundles only: fixed lists
	ReportWhat []string          `json:"report_what,omitempty"` // full bundles only
	Districts  []District        `json:"districts,omitempty"`   // full bundles only: Lao districts' names in lo/th/en
	Deleted    map[string][]uint `json:"deleted"`
	// LogSize is how many records of the public log this bundle reflects,
	// LogRoot the base64 root hash of the log's tree at that size: a phone
	// (or anyone) can ask the log for proofs against them.
	LogSize int64  `json:"log_size"`
	LogRoot string `json:"log_root"`
	// TwoPerson says whether changes that make an agency look safer are
	// checked by two people here (PAIDEE_TWO_PERSON), as the log announced.
	TwoPerson bool `json:"two_person"`
	// AgencyLog is, for each agency in this bundle, what the public log
	// holds about it: [records, records approved by two people, time of
	// the last record]. The listing shows it ("changes to this listing").
	AgencyLog map[uint][3]any `json:"agency_log"`
}

// Kinds of public records, as named in Bundle.Deleted and tombstones.
const (
	KindAgency    = "agencies"
	KindContact   = "contacts"
	KindChecklist = "checklist" // a stage; items travel inside their stage
	KindQuestion  = "questions"
	KindPhrase    = "phrases"
	KindCost      = "cost_items"
)

// EncodedBundle is a bundle ready to send: plain (JSON), or gzipped (Gzip)
// only. The full bundle, kept for its revision, is kept gzipped only:
// at 10,000 agencies its JSON is 6.4 MB and its gzip 0.45 MB, phones ask
// for gzip, and a client that does not is sent it unpacked as it goes
// (Body).
type EncodedBundle struct {
	Revision int64
	Day      string // agencies' lapsed licences depend on the date
	JSON     []byte // nil when only Gzip is kept
	Gzip     []byte
	// Br is the full bundle in Brotli too (nil for deltas): every browser
	// takes it, and it is an eighth smaller than gzip, on the first visit
	// of a phone on 2G. Quality 6: as fast as gzip -9 here; 11 is 30 times
	// slower for 10% less, too slow at 10,000 listings. A 256 KB window:
	// the default one made the encoder allocate 28 MB for the 6.4 MB bundle
	// of 10,000 listings (5 MB now), for 0.5% smaller output.
	Br   []byte
	Size int // the length of the JSON
	ETag string
	// Signature is the X-Paidee-Signature value over JSON ("" without a
	// signer): made once per encoded body, so the cached full bundle is
	// signed once per revision.
	Signature string
}

type encodedBundle = EncodedBundle

// BundleSince builds the bundle of changes after revision since. A negative
// since, one from the future, or one this database did not make at the
// time the phone names (sinceAt, when given: the phone's copy came from
// another database, or from this one before it was put back from a copy)
// gives the full bundle. The full bundle is built once per revision and kept.
func (s *Store) BundleSince(ctx context.Context, since int64, sinceAt *time.Time) (*EncodedBundle, error) {
	rev, err := s.Revision(ctx)
	if err != nil {
		return nil, err
	}
	if since > rev {
		// The phone may have synced through another replica that wrote
		// since this one last read the revision: read it again before
		// taking since for one from another database, or this replica would
		// send the phone back to an older revision.
		if rev, err = s.readRevision(ctx); err != nil {
			return nil, err
		}
	}
	if since < 0 || since > rev {
		return s.fullBundle(ctx, rev)
	}
	if sinceAt != nil {
		same, err := s.madeAt(ctx, since, *sinceAt)
		if err != nil {
			return nil, err
		}
		if !same {
			return s.fullBundle(ctx, rev)
		}
	}
	b, err := s.buildBundle(ctx, rev, since)
	if err != nil {
		return nil, err
	}
	return s.encodeBundle(b, "")
}

func (s *Store) fullBundle(ctx context.Context, rev int64) (*EncodedBundle, error) {
	today := Today(time.Now())
	if eb := s.bundle.Load(); eb != nil && eb.Revision >= rev && eb.Day == today {
		return eb, nil
	}
	s.bundleMu.Lock()
	defer s.bundleMu.Unlock()
	if eb := s.bundle.Load(); eb != nil && eb.Revision >= rev && eb.Day == today {
		return eb, nil
	}
	b, err := s.buildBundle(ctx, rev, -1)
	if err != nil {
		return nil, err
	}
	eb, err := s.encodeBundle(b, "gzip")
	if err != nil {
		return nil, err
	}
	eb.Day = today
	s.bundle.Store(eb)
	return eb, nil
}

// SetBodySigner makes every bundle body carry sign(body) as its signature.
// Call it before serving.
func (s *Store) SetBodySigner(sign func(body []byte) string) {
	s.signBody = sign
}

// agenciesMark stands in the bundle for its listings while the rest is
// encoded: a NUL is never in stored text, so the mark is nowhere else.
const agenciesMark = "\x00paidee-agencies"

// marshalBundle encodes b as json.Marshal would, in one allocation of its
// final size: the listings, already encoded (6 MB at 10,000 agencies), are
// copied in once, where json.Marshal would grow a buffer to twice that,
// copy it, and keep the buffer in its pool.
func marshalBundle(b *Bundle) ([]byte, error) {
	listings := b.Agencies
	shell := *b
	markJSON, _ := json.Marshal(agenciesMark) // "\u0000paidee-agencies"
	shell.Agencies = []json.RawMessage{markJSON}
	head, err := json.Marshal(&shell)
	if err != nil {
		return nil, err
	}
	mark, _ := json.Marshal(shell.Agencies) // as it is written in head
	i := bytes.Index(head, mark)
	if i < 0 {
		return nil, fmt.Errorf("the listings' place is not in the bundle")
	}
	size := len(head) - len(mark) + 2 + max(len(listings)-1, 0)
	for _, l := range listings {
		size += len(l)
	}
	out := make([]byte, 0, size)
	out = append(out, head[:i]...)
	out = append(out, '[')
	for j, l := range listings {
		if j > 0 {
			out = append(out, ',')
		}
		out = append(out, l...)
	}
	out = append(out, ']')
	return append(out, head[i+len(mark):]...), nil
}

func (s *Store) encodeBundle(b *Bundle, compress string) (*EncodedBundle, error) {
	raw, err := marshalBundle(b)
	if err != nil {
		return nil, fmt.Errorf("encode bundle: %w", err)
	}
	eb := &EncodedBundle{Revision: b.Revision, JSON: raw, Size: len(raw),
		ETag: fmt.Sprintf(`"b-%s-%d-%d-%s"`, b.Dataset, b.Since, b.Revision, Today(time.Now()))}
	if s.signBody != nil {
		eb.Signature = s.signBody(raw)
	}
	if compress == "gzip" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(raw); err != nil {
			return nil, fmt.Errorf("compress bundle: %w", err)
		}
		if err := zw.Close(); err != nil {
			return nil, fmt.Errorf("compress bundle: %w", err)
		}
		eb.Gzip = buf.Bytes()
		var bbuf bytes.Buffer
		bw := brotli.NewWriterOptions(&bbuf, brotli.WriterOptions{Quality: 6, LGWin: 18})
		if _, err := bw.Write(raw); err != nil {
			return nil, fmt.Errorf("compress bundle: %w", err)
		}
		if err := bw.Close(); err != nil {
			return nil, fmt.Errorf("compress bundle: %w", err)
		}
		eb.Br = bbuf.Bytes()
		eb.JSON = nil
	}
	return eb, nil
}

// Body reads the bundle's JSON, unpacking it when only the gzip is kept.
func (eb *EncodedBundle) Body() (io.Reader, error) {
	if eb.JSON != nil || eb.Gzip == nil {
		return bytes.NewReader(eb.JSON), nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(eb.Gzip))
	if err != nil {
		return nil, fmt.Errorf("bundle: unpack: %w", err)
	}
	return zr, nil
}

func (s *Store) buildBundle(ctx context.Context, rev, since int64) (*Bundle, error) {
	b := &Bundle{
		Dataset: s.datasetID, Revision: rev, Since: since, Full: since < 0,
		Agencies: []json.RawMessage{}, Provinces: Provinces, ReportWhat: ReportWhat,
		Deleted: map[string][]uint{KindAgency: {}, KindContact: {}, KindChecklist: {}, KindQuestion: {}, KindPhrase: {}, KindClip: {}, KindCost: {}},
	}
	if b.Full {
		b.Since = 0
	} else {
		b.Provinces, b.ReportWhat = nil, nil // the phone has them from its full bundle
	}
	if b.Full {
		b.Districts = Districts
	}
	var err error
	if b.DataUpdatedAt, err = s.dataUpdatedAt(ctx); err != nil {
		return nil, err
	}
	if b.RevisionAt, err = s.revisionAt(ctx, rev); err != nil {
		return nil, err
	}
	if b.LogSize, b.LogRoot, err = s.logAt(ctx, rev); err != nil {
		return nil, err
	}
	if b.TwoPerson, err = s.loggedTwoPerson(ctx); err != nil {
		return nil, err
	}
	idx, err := s.agencies(ctx)
	if err != nil {
		return nil, err
	}
	// A delta holds the changes with revisions in (since, rev]: a change
	// another replica made after rev is left for the next delta, which
	// starts at rev, so no change is sent twice or skipped. The full bundle
	// holds everything there is.
	upTo := rev
	if b.Full {
		upTo = math.MaxInt64
	}
	for i := range idx.entries {
		if r := idx.entries[i].view.Revision; r > since && r <= upTo {
			b.Agencies = append(b.Agencies, idx.entries[i].json)
		}
	}
	logs, err := s.listingLogs(ctx, KindAgency)
	if err != nil {
		return nil, err
	}
	b.AgencyLog = make(map[uint][3]any, len(b.Agencies))
	for i := range idx.entries {
		if e := &idx.entries[i]; e.view.Revision > since && e.view.Revision <= upTo {
			if l, ok := logs[e.view.ID]; ok {
				b.AgencyLog[e.view.ID] = [3]any{l.Changes, l.ApprovedTwice, l.LastAt.Format(time.RFC3339Nano)}
			}
		}
	}
	db := s.DB.WithContext(ctx)
	window := func() *gorm.DB { return db.Where("revision > ? AND revision <= ?", since, upTo) }
	var contacts []Contact
	if err := window().Order("country DESC, position, id").Find(&contacts).Error; err != nil {
		return nil, fmt.Errorf("bundle contacts: %w", err)
	}
	b.Contacts = make([]ContactView, len(contacts))
	for i := range contacts {
		b.Contacts[i] = contacts[i].View()
	}
	if b.Checklist, err = s.stagesSince(ctx, since, upTo); err != nil {
		return nil, err
	}
	var questions []Question
	if err := window().Order("position, id").Find(&questions).Error; err != nil {
		return nil, fmt.Errorf("bundle questions: %w", err)
	}
	b.Questions = make([]QuestionView, len(questions))
	for i := range questions {
		b.Questions[i] = questions[i].View()
	}
	var phrases []Phrase
	if err := window().Order("position, id").Find(&phrases).Error; err != nil {
		return nil, fmt.Errorf("bundle phrases: %w", err)
	}
	b.Phrases = make([]PhraseView, len(phrases))
	for i := range phrases {
		b.Phrases[i] = phrases[i].View()
	}
	var costs []CostItem
	if err := window().Order("position, id").Find(&costs).Error; err != nil {
		return nil, fmt.Errorf("bundle cost items: %w", err)
	}
	b.CostItems = make([]CostItemView, len(costs))
	for i := range costs {
		b.CostItems[i] = costs[i].View()
	}
	if b.Clips, err = s.clipsSince(ctx, since, upTo); err != nil {
		return nil, err
	}
	if !b.Full {
		var tombs []Tombstone
		if err := window().Order("id").Find(&tombs).Error; err != nil {
			return nil, fmt.Errorf("bundle deletions: %w", err)
		}
		for _, t := range tombs {
			b.Deleted[t.Kind] = append(b.Deleted[t.Kind], t.EntityID)
		}
	}
	return b, nil
}

const settingDataUpdatedAt = "data_updated_at"

// revisionAt is when revision rev was made (nil before marks were kept).
func (s *Store) revisionAt(ctx context.Context, rev int64) (*time.Time, error) {
	var marks []RevisionMark
	if err := s.DB.WithContext(ctx).Where("revision = ?", rev).Limit(1).Find(&marks).Error; err != nil {
		return nil, fmt.Errorf("read revision mark: %w", err)
	}
	if len(marks) == 0 {
		return nil, nil
	}
	t := marks[0].At.UTC()
	return &t, nil
}

// logAt is the log's size once revision rev was made and the tree's root
// at that size (base64).
func (s *Store) logAt(ctx context.Context, rev int64) (int64, string, error) {
	db := s.DB.WithContext(ctx)
	var marks []RevisionMark
	if err := db.Where("revision = ?", rev).Limit(1).Find(&marks).Error; err != nil {
		return 0, "", fmt.Errorf("read revision mark: %w", err)
	}
	var n int64
	if len(marks) > 0 && marks[0].LogSize > 0 {
		n = marks[0].LogSize
	} else {
		// A revision made before the log began: the genesis records hold it.
		size, err := logSize(db)
		if err != nil {
			return 0, "", err
		}
		n = size
	}
	h, err := tlog.TreeHash(n, hashReader(db))
	if err != nil {
		return 0, "", fmt.Errorf("log root at %d: %w", n, err)
	}
	return n, base64.StdEncoding.EncodeToString(h[:]), nil
}

// madeAt reports whether this database made revision rev at time at.
func (s *Store) madeAt(ctx context.Context, rev int64, at time.Time) (bool, error) {
	t, err := s.revisionAt(ctx, rev)
	if err != nil || t == nil {
		return false, err
	}
	return t.Equal(at), nil
}

func (s *Store) dataUpdatedAt(ctx context.Context) (*time.Time, error) {
	var set Setting
	err := s.DB.WithContext(ctx).Where("key = ?", settingDataUpdatedAt).Limit(1).Find(&set).Error
	if err != nil {
		return nil, fmt.Errorf("read data_updated_at: %w", err)
	}
	if set.Value == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, set.Value)
	if err != nil {
		return nil, nil
	}
	return &t, nil
}

// Meta summarises the public data: revision, counts and freshness.
type Meta struct {
	Dataset       string         `json:"dataset"`
	Revision      int64          `json:"revision"`
	Languages     []string       `json:"languages"`
	Counts        map[string]int `json:"counts"`
	AgencyStatus  map[string]int `json:"agencies_by_status"`
	DataUpdatedAt *time.Time     `json:"data_updated_at"`
	Provinces     []Province     `json:"provinces"`
	ReportWhat    []string       `json:"report_what"`
	Districts     []District     `json:"districts"`
}

// Meta returns the summary of the public data.
func (s *Store) Meta(ctx context.Context) (*Meta, error) {
	rev, err := s.Revision(ctx)
	if err != nil {
		return nil, err
	}
	idx, err := s.agencies(ctx)
	if err != nil {
		return nil, err
	}
	m := &Meta{Dataset: s.datasetID, Revision: rev, Languages: []string{"lo", "th", "en"},
		Counts: map[string]int{}, AgencyStatus: map[string]int{}, Provinces: Provinces, ReportWhat: ReportWhat, Districts: Districts}
	for _, st := range AgencyStatuses {
		m.AgencyStatus[st] = 0
	}
	for i := range idx.entries {
		m.AgencyStatus[idx.entries[i].view.Status]++
	}
	m.Counts[KindAgency] = len(idx.entries)
	db := s.DB.WithContext(ctx)
	for kind, model := range map[string]any{KindContact: &Contact{}, KindQuestion: &Question{}, KindPhrase: &Phrase{}, "checklist_items": &ChecklistItem{}, KindCost: &CostItem{}} {
		var n int64
		if err := db.Model(model).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("count %s: %w", kind, err)
		}
		m.Counts[kind] = int(n)
	}
	if m.DataUpdatedAt, err = s.dataUpdatedAt(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// ParseRevision parses a since= value.
func ParseRevision(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, Errorf(ECodeBadRequest, "since must be a revision number (a whole number, 0 or more)")
	}
	return n, nil
}
