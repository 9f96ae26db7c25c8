package models

// The public transparency log: every change to public data appends a
// record, in the same transaction as the change, to an append-only Merkle
// tree (RFC 6962 hashing, golang.org/x/mod/sumdb/tlog). Anyone can download
// the records, recompute the tree, check it against a signed checkpoint and
// replay it into the public state the app serves.
//
// A record is canonical JSON: object keys sorted, no insignificant
// whitespace, UTF-8, no HTML escaping (<, >, & as themselves), numbers
// written as Go's encoding/json writes them (every number in a record is a
// whole number, written in decimal with no exponent). Its fields:
// seq, at, kind, entity, id, data, reason, approved_by_count. reason is a
// string, or, for a licence status change since reasons have three
// languages, {"en","lo","th"} (RecordReason); checks accept both.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// LogRecord is one record of the public log. Body is exactly the canonical
// JSON that was hashed; Hash is tlog.RecordHash(Body).
type LogRecord struct {
	Seq       int64     `gorm:"primaryKey;autoIncrement:false"`
	Entity    string    `gorm:"size:32;not null;index:idx_logrec_entity"`
	EntityID  uint      `gorm:"not null;index:idx_logrec_entity"`
	Kind      string    `gorm:"size:16;not null"`
	At        time.Time `gorm:"not null"`
	Approvals int       `gorm:"not null"`
	Body      []byte    `gorm:"not null"`
	Hash      []byte    `gorm:"not null"`
}

// LogHash is one stored hash of the tree, at its tlog stored-hash index.
type LogHash struct {
	Idx  int64  `gorm:"primaryKey;autoIncrement:false"`
	Hash []byte `gorm:"not null"`
}

// LogHead is the newest record of one public record: what the listing
// shows ("changes to this listing: N") and what a replay must end at.
type LogHead struct {
	Entity        string    `gorm:"primaryKey;size:32"`
	EntityID      uint      `gorm:"primaryKey;autoIncrement:false"`
	LastSeq       int64     `gorm:"not null"`
	Records       int       `gorm:"not null"`
	ApprovedTwice int       `gorm:"not null"` // records approved by two people
	Deleted       bool      `gorm:"not null"`
	LastAt        time.Time `gorm:"not null"`
}

// Record kinds.
const (
	LogGenesis = "genesis" // the record as it was when the log began
	LogCreate  = "create"
	LogUpdate  = "update"
	LogDelete  = "delete"
	LogRestore = "restore" // back after a deletion
	LogSetting = "setting" // a public setting of the deployment (two-person rule)
)

// EntityConfig is the entity of setting records; its id is always 0.
const EntityConfig = "config"

const counterLogSize = "log_size"

// RecordJSON is the shape of a record; Data is canonical JSON or null.
type RecordJSON struct {
	Seq       int64           `json:"seq"`
	At        string          `json:"at"`
	Kind      string          `json:"kind"`
	Entity    string          `json:"entity"`
	ID        uint            `json:"id"`
	Data      json.RawMessage `json:"data"`
	Reason    RecordReason    `json:"reason"`
	Approvals int             `json:"approved_by_count"`
}

// RecordReason is a record's public reason: a string (every record made
// before reasons had three languages, and the reasons of changes other than
// a licence status change: a deletion, a warning, a setting), or, for a
// status change, the sentence in each language: {"en","lo","th"}. A check
// of the log accepts both shapes, so records made before stay valid as
// they were signed.
type RecordReason struct {
	Plain string
	Text  *Text
}

// MarshalJSON writes the reason as a string, or as {"en","lo","th"}.
func (r RecordReason) MarshalJSON() ([]byte, error) {
	if r.Text != nil {
		return json.Marshal(r.Text)
	}
	return json.Marshal(r.Plain)
}

// UnmarshalJSON reads either shape; an object must hold exactly the three
// languages, each a string.
func (r *RecordReason) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		r.Text = nil
		return json.Unmarshal(b, &r.Plain)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return errors.New(`reason is neither a string nor {"lo","th","en"}`)
	}
	if len(m) != 3 {
		return errors.New(`reason must hold exactly "lo", "th" and "en"`)
	}
	var t Text
	for lang, dst := range map[string]*string{"lo": &t.Lo, "th": &t.Th, "en": &t.En} {
		raw, ok := m[lang]
		if !ok || json.Unmarshal(raw, dst) != nil {
			return fmt.Errorf(`reason.%s is missing or not a string`, lang)
		}
	}
	r.Plain, r.Text = "", &t
	return nil
}

// English is the reason as one string: the plain reason, or the English of
// a three-language one.
func (r RecordReason) English() string {
	if r.Text != nil {
		return r.Text.En
	}
	return r.Plain
}

func plainReason(s string) RecordReason { return RecordReason{Plain: s} }

func textReason(t Text) RecordReason { return RecordReason{Text: &t} }

// Canonical re-encodes JSON (or any value encoding/json accepts) in the
// log's canonical form.
func Canonical(v any) ([]byte, error) {
	raw, ok := v.([]byte)
	if !ok {
		if rm, isRaw := v.(json.RawMessage); isRaw {
			raw, ok = rm, true
		}
	}
	if !ok {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("canonical json: %w", err)
		}
		raw = b
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("canonical json: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ---- what a write tells the log ----

type writeStateKey struct{}

// writeState is what the writer of one transaction says about its change:
// the public reason and how many people approved it. It travels in the
// transaction's context, so the one write path can find it.
type writeState struct {
	reason    RecordReason              // for every record of the write
	reasons   map[StateKey]RecordReason // for one record
	approvals int
	settings  []settingRecord
	afterFn   func(tx *gorm.DB) error // the approval of a proposal, in the same transaction
}

type settingRecord struct {
	data   any
	reason string
}

func stateOf(tx *gorm.DB) *writeState {
	if tx == nil || tx.Statement == nil || tx.Statement.Context == nil {
		return nil
	}
	ws, _ := tx.Statement.Context.Value(writeStateKey{}).(*writeState)
	return ws
}

// LogReason sets the public reason the log records for the change made in
// this transaction (a status change's reason, a deletion's reason).
func LogReason(tx *gorm.DB, reason string) {
	if ws := stateOf(tx); ws != nil && reason != "" {
		ws.reason = plainReason(reason)
	}
}

// logReasonText sets a three-language public reason for every record of
// the write (the migration of older status history).
func logReasonText(tx *gorm.DB, reason Text) {
	if ws := stateOf(tx); ws != nil {
		ws.reason = textReason(reason)
	}
}

// logReasonFor sets the public reason for one record of the write.
func logReasonFor(tx *gorm.DB, entity string, id uint, reason string) {
	if reason != "" {
		setReasonFor(tx, entity, id, plainReason(reason))
	}
}

// logStatusReasonFor sets the three-language reason of a status change for
// the record of one listing.
func logStatusReasonFor(tx *gorm.DB, id uint, reason Text) {
	setReasonFor(tx, KindAgency, id, textReason(reason))
}

func setReasonFor(tx *gorm.DB, entity string, id uint, reason RecordReason) {
	if ws := stateOf(tx); ws != nil {
		if ws.reasons == nil {
			ws.reasons = map[StateKey]RecordReason{}
		}
		ws.reasons[StateKey{entity, id}] = reason
	}
}

// LogApprovals sets how many people approved the change (0 for the system
// itself: seeds, synthetic data).
func LogApprovals(tx *gorm.DB, n int) {
	if ws := stateOf(tx); ws != nil {
		ws.approvals = n
	}
}

// ---- appending ----

// pendingRecord is a record about to be appended.
type pendingRecord struct {
	entity string
	id     uint
	kind   string
	data   []byte // canonical JSON, nil for a deletion
	reason RecordReason
}

// appendChanges appends a record for every public record the write stamped
// with rev (and every deletion it left a tombstone for). It runs inside the
// write's transaction, after the writer's function: a write that forgets
// the log cannot exist, because the log reads what the write did.
func appendChanges(tx *gorm.DB, rev int64, ws *writeState) error {
	recs, err := changedAt(tx, rev)
	if err != nil {
		return err
	}
	for i := range recs {
		recs[i].reason = ws.reason
		if r, ok := ws.reasons[StateKey{recs[i].entity, recs[i].id}]; ok {
			recs[i].reason = r
		}
	}
	for _, s := range ws.settings {
		data, err := Canonical(s.data)
		if err != nil {
			return err
		}
		recs = append(recs, pendingRecord{entity: EntityConfig, id: 0, kind: LogSetting, data: data, reason: plainReason(s.reason)})
	}
	if len(recs) == 0 {
		return nil
	}
	return appendRecords(tx, recs, ws.approvals, false)
}

// changedAt builds the public records changed at rev, as the bundle serves
// them, ordered by entity and id.
func changedAt(tx *gorm.DB, rev int64) ([]pendingRecord, error) {
	state, err := publicState(tx, "revision = ?", rev)
	if err != nil {
		return nil, err
	}
	var tombs []Tombstone
	if err := tx.Where("revision = ?", rev).Order("id").Find(&tombs).Error; err != nil {
		return nil, fmt.Errorf("log: read deletions: %w", err)
	}
	for _, t := range tombs {
		k := StateKey{t.Kind, t.EntityID}
		if _, live := state[k]; !live {
			state[k] = nil
		}
	}
	out := make([]pendingRecord, 0, len(state))
	for _, k := range state.Keys() {
		out = append(out, pendingRecord{entity: k.Entity, id: k.ID, data: state[k]})
	}
	return out, nil
}

// appendRecords gives recs the next sequence numbers, hashes them into the
// tree and stores records, tree hashes and heads, inside tx. The log size
// counter is advanced first: on a database with row locks this serialises
// writers of the log, as SQLite's write lock does here.
func appendRecords(tx *gorm.DB, recs []pendingRecord, approvals int, genesis bool) error {
	k := int64(len(recs))
	res := tx.Model(&Counter{}).Where("name = ?", counterLogSize).UpdateColumn("value", gorm.Expr("value + ?", k))
	if res.Error != nil {
		return fmt.Errorf("log: advance size: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return errors.New("log: the size counter is missing")
	}
	var c Counter
	if err := tx.Where("name = ?", counterLogSize).First(&c).Error; err != nil {
		return fmt.Errorf("log: read size: %w", err)
	}
	start := c.Value - k
	if err := failpoint("log-append"); err != nil {
		return err
	}

	heads, err := loadHeads(tx, recs)
	if err != nil {
		return err
	}
	now := tx.NowFunc()
	at := now.UTC().Format(time.RFC3339Nano)
	pending := map[int64]tlog.Hash{}
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		var missing []int64
		for i, x := range idx {
			if h, ok := pending[x]; ok {
				out[i] = h
			} else {
				missing = append(missing, x)
			}
		}
		if len(missing) > 0 {
			got, err := readHashes(tx, missing)
			if err != nil {
				return nil, err
			}
			for i, x := range idx {
				if h, ok := got[x]; ok {
					out[i] = h
				} else if _, ok := pending[x]; !ok {
					return nil, fmt.Errorf("log: stored hash %d is missing", x)
				}
			}
		}
		return out, nil
	})
	rows := make([]LogRecord, 0, k)
	hashRows := make([]LogHash, 0, 2*k)
	for i, r := range recs {
		seq := start + int64(i)
		hk := StateKey{r.entity, r.id}
		h := heads[hk]
		kind := r.kind
		switch {
		case genesis:
			kind = LogGenesis
		case kind != "":
		case r.data == nil:
			kind = LogDelete
		case h == nil:
			kind = LogCreate
		case h.Deleted:
			kind = LogRestore
		default:
			kind = LogUpdate
		}
		data := json.RawMessage("null")
		if r.data != nil {
			data = r.data
		}
		body, err := Canonical(RecordJSON{Seq: seq, At: at, Kind: kind, Entity: r.entity, ID: r.id,
			Data: data, Reason: r.reason, Approvals: approvals})
		if err != nil {
			return err
		}
		hashes, err := tlog.StoredHashes(seq, body, reader)
		if err != nil {
			return fmt.Errorf("log: hash record %d: %w", seq, err)
		}
		base := tlog.StoredHashIndex(0, seq)
		for j, sh := range hashes {
			pending[base+int64(j)] = sh
			hashRows = append(hashRows, LogHash{Idx: base + int64(j), Hash: append([]byte(nil), sh[:]...)})
		}
		leaf := tlog.RecordHash(body)
		rows = append(rows, LogRecord{Seq: seq, Entity: r.entity, EntityID: r.id, Kind: kind, At: now,
			Approvals: approvals, Body: body, Hash: leaf[:]})
		if h == nil {
			h = &LogHead{Entity: r.entity, EntityID: r.id}
			heads[hk] = h
		}
		h.LastSeq, h.Deleted, h.LastAt = seq, r.data == nil, now
		h.Records++
		if approvals >= 2 {
			h.ApprovedTwice++
		}
	}
	if err := tx.CreateInBatches(rows, 200).Error; err != nil {
		return fmt.Errorf("log: store records: %w", err)
	}
	if err := tx.CreateInBatches(hashRows, 500).Error; err != nil {
		return fmt.Errorf("log: store tree hashes: %w", err)
	}
	list := make([]*LogHead, 0, len(heads))
	for _, h := range heads {
		list = append(list, h)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].LastSeq < list[j].LastSeq })
	if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(list, 300).Error; err != nil {
		return fmt.Errorf("log: store heads: %w", err)
	}
	return nil
}

func loadHeads(tx *gorm.DB, recs []pendingRecord) (map[StateKey]*LogHead, error) {
	byEntity := map[string][]uint{}
	for _, r := range recs {
		byEntity[r.entity] = append(byEntity[r.entity], r.id)
	}
	out := map[StateKey]*LogHead{}
	for entity, ids := range byEntity {
		for len(ids) > 0 {
			n := min(len(ids), 500)
			var list []LogHead
			if err := tx.Where("entity = ? AND entity_id IN ?", entity, ids[:n]).Find(&list).Error; err != nil {
				return nil, fmt.Errorf("log: read heads: %w", err)
			}
			for i := range list {
				out[StateKey{list[i].Entity, list[i].EntityID}] = &list[i]
			}
			ids = ids[n:]
		}
	}
	return out, nil
}

func readHashes(db *gorm.DB, idx []int64) (map[int64]tlog.Hash, error) {
	out := make(map[int64]tlog.Hash, len(idx))
	for len(idx) > 0 {
		n := min(len(idx), 500)
		var rows []LogHash
		if err := db.Where("idx IN ?", idx[:n]).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("log: read tree hashes: %w", err)
		}
		for _, r := range rows {
			var h tlog.Hash
			if len(r.Hash) != tlog.HashSize {
				return nil, fmt.Errorf("log: stored hash %d has %d bytes", r.Idx, len(r.Hash))
			}
			copy(h[:], r.Hash)
			out[r.Idx] = h
		}
		idx = idx[n:]
	}
	return out, nil
}

// hashReader reads stored hashes from db in the order asked.
func hashReader(db *gorm.DB) tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		got, err := readHashes(db, idx)
		if err != nil {
			return nil, err
		}
		return MapHashReader(got).ReadHashes(idx)
	})
}

// MapHashReader reads the hashes held in m (stored-hash index → hash), as
// recomputed by a check of the log; a hash it does not hold is an error.
func MapHashReader(m map[int64]tlog.Hash) tlog.HashReader {
	return tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			h, ok := m[x]
			if !ok {
				return nil, fmt.Errorf("log: hash %d is missing", x)
			}
			out[i] = h
		}
		return out, nil
	})
}

// ensureGenesis starts the log of a database that has public data but no
// log yet: one genesis record per public record, as it is now.
func ensureGenesis(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Counter
		if err := tx.Where("name = ?", counterLogSize).First(&c).Error; err != nil {
			return fmt.Errorf("log: read size: %w", err)
		}
		if c.Value > 0 {
			return nil
		}
		state, err := publicState(tx, "")
		if err != nil {
			return err
		}
		if len(state) == 0 {
			return nil
		}
		recs := make([]pendingRecord, 0, len(state))
		for _, k := range state.Keys() {
			recs = append(recs, pendingRecord{entity: k.Entity, id: k.ID, data: state[k]})
		}
		return appendRecords(tx, recs, 0, true)
	})
}

// ---- public state ----

// StateKey names one public record.
type StateKey struct {
	Entity string
	ID     uint
}

func (k StateKey) String() string { return fmt.Sprintf("%s %d", k.Entity, k.ID) }

// State maps public records to their canonical JSON (nil: deleted).
type State map[StateKey][]byte

// Keys returns the keys ordered by entity, then id.
func (st State) Keys() []StateKey {
	keys := make([]StateKey, 0, len(st))
	for k := range st {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Entity != keys[j].Entity {
			return keys[i].Entity < keys[j].Entity
		}
		return keys[i].ID < keys[j].ID
	})
	return keys
}

// publicState reads public records (those matching where, or all) as the
// bundle serves them, in canonical JSON. An agency is logged as stored:
// its licence_lapsed flag and lapsed status depend on the day it is read,
// not on a change, so they are left out (see LogAgencyJSON).
func publicState(tx *gorm.DB, where string, args ...any) (State, error) {
	st := State{}
	err := eachPublic(tx, func(k StateKey, canon []byte) error {
		st[k] = canon
		return nil
	}, where, args...)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// publicPage is how many agencies eachPublic holds at a time.
const publicPage = 500

// eachPublic calls fn with each public record matching where (or all), in
// canonical JSON, in key order (State.Keys: by entity, then id), holding
// at most a page of agencies at a time: the integrity check compares
// 10,000 listings without keeping them all.
func eachPublic(tx *gorm.DB, fn func(k StateKey, canon []byte) error, where string, args ...any) error {
	scope := func(db *gorm.DB) *gorm.DB {
		if where == "" {
			return db
		}
		return db.Where(where, args...)
	}
	put := func(entity string, id uint, v any) error {
		b, err := Canonical(v)
		if err != nil {
			return fmt.Errorf("log: encode %s %d: %w", entity, id, err)
		}
		return fn(StateKey{entity, id}, b)
	}
	readers := map[string]func() error{
		KindAgency: func() error {
			var after uint
			for {
				var agencies []Agency
				if err := scope(tx).Where("id > ?", after).Order("id").Limit(publicPage).Find(&agencies).Error; err != nil {
					return fmt.Errorf("log: read agencies: %w", err)
				}
				if len(agencies) == 0 {
					return nil
				}
				if err := eachAgencyJSON(tx, agencies, fn); err != nil {
					return err
				}
				after = agencies[len(agencies)-1].ID
			}
		},
		KindContact: func() error {
			return eachView(scope(tx), KindContact, put, func(c *Contact) (uint, any) { return c.ID, c.View() })
		},
		KindChecklist: func() error {
			items := func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }
			return eachView(scope(tx).Preload("Items", items), KindChecklist, put,
				func(st *ChecklistStage) (uint, any) { return st.ID, st.View() })
		},
		KindQuestion: func() error {
			return eachView(scope(tx), KindQuestion, put, func(q *Question) (uint, any) { return q.ID, q.View() })
		},
		KindPhrase: func() error {
			return eachView(scope(tx), KindPhrase, put, func(ph *Phrase) (uint, any) { return ph.ID, ph.View() })
		},
		KindCost: func() error {
			return eachView(scope(tx), KindCost, put, func(c *CostItem) (uint, any) { return c.ID, c.View() })
		},
		KindClip: func() error {
			return eachView(scope(tx), KindClip, put, func(c *Clip) (uint, any) { return c.ID, c.View() })
		},
	}
	for _, kind := range slices.Sorted(maps.Keys(readers)) {
		if err := readers[kind](); err != nil {
			return err
		}
	}
	return nil
}

// eachView reads the rows of T (content: a few hundred at most) in id
// order and puts each one's public view.
func eachView[T any](db *gorm.DB, kind string, put func(entity string, id uint, v any) error, view func(*T) (uint, any)) error {
	var rows []T
	if err := db.Order("id").Find(&rows).Error; err != nil {
		return fmt.Errorf("log: read %s: %w", kind, err)
	}
	for i := range rows {
		id, v := view(&rows[i])
		if err := put(kind, id, v); err != nil {
			return err
		}
	}
	return nil
}

// eachAgencyJSON calls fn with the logged form of each of agencies (in
// their order), with their status history and warnings.
func eachAgencyJSON(tx *gorm.DB, agencies []Agency, fn func(k StateKey, canon []byte) error) error {
	ids := make([]uint, len(agencies))
	for i := range agencies {
		ids[i] = agencies[i].ID
	}
	history := map[uint][]StatusView{}
	var changes []StatusChange
	if err := tx.Where("agency_id IN ?", ids).Order("agency_id, at, id").Find(&changes).Error; err != nil {
		return fmt.Errorf("log: read status history: %w", err)
	}
	for _, c := range changes {
		history[c.AgencyID] = append(history[c.AgencyID], c.View())
	}
	warnings, err := publicWarnings(tx.Statement.Context, tx.Where("agency_id IN ?", ids))
	if err != nil {
		return err
	}
	for i := range agencies {
		a := &agencies[i]
		raw, err := json.Marshal(a.View(history[a.ID], warnings[a.ID]))
		if err != nil {
			return fmt.Errorf("log: encode agency %d: %w", a.ID, err)
		}
		b, err := LogAgencyJSON(raw)
		if err != nil {
			return err
		}
		if err := fn(StateKey{KindAgency, a.ID}, b); err != nil {
			return err
		}
	}
	return nil
}

// LogAgencyJSON turns an agency as the bundle serves it into the form the
// log keeps: canonical, without licence_lapsed, and with the status the
// list gives (a lapsed licence is served as "expired" with licence_lapsed
// true; the list still says "licensed").
func LogAgencyJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("agency json: %w", err)
	}
	if lapsed, _ := m["licence_lapsed"].(bool); lapsed {
		m["status"] = StatusLicensed
	}
	delete(m, "licence_lapsed")
	return Canonical(m)
}

// ---- reading the log ----

// LogItem is one record as GET /log serves it.
type LogItem struct {
	Seq    int64  `json:"seq"`
	Record string `json:"record"`
	Hash   string `json:"hash"`
}

// LogPage is a page of records.
type LogPage struct {
	Items []LogItem `json:"items"`
	Total int64     `json:"total"`
}

// LogSize returns the number of records in the log.
func (s *Store) LogSize(ctx context.Context) (int64, error) {
	return logSize(s.DB.WithContext(ctx))
}

func logSize(db *gorm.DB) (int64, error) {
	var c Counter
	if err := db.Where("name = ?", counterLogSize).First(&c).Error; err != nil {
		return 0, fmt.Errorf("log: read size: %w", err)
	}
	return c.Value, nil
}

// LogRecords returns up to limit records with seq ≥ from.
func (s *Store) LogRecords(ctx context.Context, from int64, limit int) (LogPage, error) {
	db := s.DB.WithContext(ctx)
	n, err := logSize(db)
	if err != nil {
		return LogPage{}, err
	}
	page := LogPage{Items: []LogItem{}, Total: n}
	var rows []LogRecord
	if err := db.Where("seq >= ? AND seq < ?", from, n).Order("seq").Limit(limit).Find(&rows).Error; err != nil {
		return page, fmt.Errorf("log: read records: %w", err)
	}
	for _, r := range rows {
		page.Items = append(page.Items, LogItem{Seq: r.Seq, Record: string(r.Body), Hash: fmt.Sprintf("%x", r.Hash)})
	}
	return page, nil
}

// LogTree returns the size and root hash of the log now.
func (s *Store) LogTree(ctx context.Context) (tlog.Tree, error) {
	db := s.DB.WithContext(ctx)
	var tree tlog.Tree
	err := db.Transaction(func(tx *gorm.DB) error {
		n, err := logSize(tx)
		if err != nil {
			return err
		}
		h, err := tlog.TreeHash(n, hashReader(tx))
		if err != nil {
			return fmt.Errorf("log: tree hash: %w", err)
		}
		tree = tlog.Tree{N: n, Hash: h}
		return nil
	})
	return tree, err
}

// LogTreeHash is the root hash of the first n records.
func (s *Store) LogTreeHash(ctx context.Context, n int64) (tlog.Hash, error) {
	size, err := s.LogSize(ctx)
	if err != nil {
		return tlog.Hash{}, err
	}
	if n < 0 || n > size {
		return tlog.Hash{}, Errorf(ECodeInvalid, "size must be between 0 and the log size %d", size)
	}
	return tlog.TreeHash(n, hashReader(s.DB.WithContext(ctx)))
}

// LogInclusionProof proves record seq is in the tree of size size.
func (s *Store) LogInclusionProof(ctx context.Context, seq, size int64) (tlog.RecordProof, error) {
	n, err := s.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	if size < 1 || size > n {
		return nil, &Error{Code: ECodeInvalid, Message: fmt.Sprintf("size must be between 1 and the log size %d", n), Fields: FieldErrors{"size": OutOfRange(1, int(n)).Say("out of range")}}
	}
	if seq < 0 || seq >= size {
		return nil, &Error{Code: ECodeInvalid, Message: "seq must be a record of the tree: 0 ≤ seq < size", Fields: FieldErrors{"seq": OutOfRange(0, int(size-1)).Say("out of range")}}
	}
	p, err := tlog.ProveRecord(size, seq, hashReader(s.DB.WithContext(ctx)))
	if err != nil {
		return nil, fmt.Errorf("log: prove record %d: %w", seq, err)
	}
	return p, nil
}

// LogConsistencyProof proves the tree of size from is a prefix of the tree
// of size to.
func (s *Store) LogConsistencyProof(ctx context.Context, from, to int64) (tlog.TreeProof, error) {
	n, err := s.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	if to < 1 || to > n {
		return nil, &Error{Code: ECodeInvalid, Message: fmt.Sprintf("to must be between 1 and the log size %d", n), Fields: FieldErrors{"to": OutOfRange(1, int(n)).Say("out of range")}}
	}
	if from < 1 || from > to {
		return nil, &Error{Code: ECodeInvalid, Message: "from must be between 1 and to", Fields: FieldErrors{"from": OutOfRange(1, int(to)).Say("out of range")}}
	}
	p, err := tlog.ProveTree(to, from, hashReader(s.DB.WithContext(ctx)))
	if err != nil {
		return nil, fmt.Errorf("log: prove tree %d→%d: %w", from, to, err)
	}
	return p, nil
}

// ListingLog is what a listing shows of its log: how many records, how
// many approved by two people, and when the last one was made.
type ListingLog struct {
	Changes       int       `json:"changes"`
	ApprovedTwice int       `json:"approved_by_two"`
	LastAt        time.Time `json:"last_at"`
}

// ListingLogs returns the log summary of every public record of entity.
func (s *Store) listingLogs(ctx context.Context, entity string) (map[uint]ListingLog, error) {
	var heads []LogHead
	if err := s.DB.WithContext(ctx).Where("entity = ? AND deleted = ?", entity, false).Find(&heads).Error; err != nil {
		return nil, fmt.Errorf("log: read heads: %w", err)
	}
	out := make(map[uint]ListingLog, len(heads))
	for _, h := range heads {
		out[h.EntityID] = ListingLog{Changes: h.Records, ApprovedTwice: h.ApprovedTwice, LastAt: h.LastAt.UTC()}
	}
	return out, nil
}

// ---- failure injection for tests ----

var failpoints sync.Map

// failpoint returns the error a test injected at name, if any.
func failpoint(name string) error {
	if v, ok := failpoints.Load(name); ok {
		return v.(error)
	}
	return nil
}

// InjectFailure makes the named point fail with err until the returned
// function is called. For tests only: nothing else can fail between a
// change and its record on purpose.
func InjectFailure(name string, err error) (undo func()) {
	failpoints.Store(name, err)
	return func() { failpoints.Delete(name) }
}
