package models

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"
)

// Checking the log: the same replay serves the server's own start-up check
// (log against database) and `paidee verify-log` (log against the bundle a
// server hands out).

// Broken says where the log and the data part ways.
type Broken struct {
	Seq     int64  `json:"seq"` // the first broken record (-1: no record to name)
	Key     string `json:"record,omitempty"`
	Problem string `json:"problem"`
}

func (b *Broken) Error() string {
	if b.Key != "" {
		return fmt.Sprintf("broken at record %d (%s): %s", b.Seq, b.Key, b.Problem)
	}
	return fmt.Sprintf("broken at record %d: %s", b.Seq, b.Problem)
}

// Replay is the public state a log describes.
type Replay struct {
	State   State
	LastSeq map[StateKey]int64
	Config  map[string]json.RawMessage // the public settings, by name
	// Per public record: how many records, how many approved by two
	// people, and the last one's time (what a listing shows).
	Records map[StateKey]int
	Twice   map[StateKey]int
	LastAt  map[StateKey]string
}

// CheckRecord checks that body is a well-formed record with sequence seq in
// canonical form, and returns it.
func CheckRecord(seq int64, body []byte) (RecordJSON, error) {
	var r RecordJSON
	canon, err := Canonical(body)
	if err != nil {
		return r, &Broken{Seq: seq, Problem: "not JSON: " + err.Error()}
	}
	if !bytes.Equal(canon, body) {
		return r, &Broken{Seq: seq, Problem: "not in canonical form"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, &Broken{Seq: seq, Problem: "not a record: " + err.Error()}
	}
	if r.Seq != seq {
		return r, &Broken{Seq: seq, Problem: fmt.Sprintf("it says it is record %d: records were removed or reordered", r.Seq)}
	}
	if _, err := time.Parse(time.RFC3339Nano, r.At); err != nil {
		return r, &Broken{Seq: seq, Problem: "at is not a time"}
	}
	switch r.Kind {
	case LogGenesis, LogCreate, LogUpdate, LogRestore:
		if string(r.Data) == "null" {
			return r, &Broken{Seq: seq, Problem: r.Kind + " without data"}
		}
	case LogDelete:
		if string(r.Data) != "null" {
			return r, &Broken{Seq: seq, Problem: "a deletion with data"}
		}
	case LogSetting:
		if r.Entity != EntityConfig {
			return r, &Broken{Seq: seq, Problem: "a setting about " + r.Entity}
		}
	default:
		return r, &Broken{Seq: seq, Problem: fmt.Sprintf("unknown kind %q", r.Kind)}
	}
	if r.Entity == KindAgency && string(r.Data) != "null" {
		if err := checkHistoryShape(r.Data); err != nil {
			return r, &Broken{Seq: seq, Problem: err.Error()}
		}
	}
	return r, nil
}

// checkHistoryShape checks a listing's status history in either shape the
// log has held: each step's reason a string (before reasons had three
// languages) or {"lo","th","en"}; a reason null or missing is neither (no
// version ever logged one).
func checkHistoryShape(data []byte) error {
	var m map[string]json.RawMessage
	err := json.Unmarshal(data, &m)
	if err == nil {
		_, _, err = loggedHistory(m)
	}
	if err != nil {
		return fmt.Errorf("a listing whose status history is not readable: %v", err)
	}
	return nil
}

// NewReplay starts an empty replay.
func NewReplay() *Replay {
	return &Replay{State: State{}, LastSeq: map[StateKey]int64{}, Config: map[string]json.RawMessage{},
		Records: map[StateKey]int{}, Twice: map[StateKey]int{}, LastAt: map[StateKey]string{}}
}

// Apply adds one checked record to the replay.
func (rp *Replay) Apply(r RecordJSON) error {
	if r.Entity == EntityConfig {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(r.Data, &m); err != nil {
			return &Broken{Seq: r.Seq, Problem: "a setting that is not an object"}
		}
		for k, v := range m {
			rp.Config[k] = v
		}
		return nil
	}
	k := StateKey{r.Entity, r.ID}
	if r.Data == nil || string(r.Data) == "null" {
		rp.State[k] = nil
	} else {
		rp.State[k] = append([]byte(nil), r.Data...)
	}
	rp.LastSeq[k] = r.Seq
	rp.Records[k]++
	if r.Approvals >= 2 {
		rp.Twice[k]++
	}
	rp.LastAt[k] = r.At
	return nil
}

// CompareAgencyLog checks a bundle's agency_log (what listings show of the
// log) against the replay.
func (rp *Replay) CompareAgencyLog(raw []byte) *Broken {
	var b struct {
		AgencyLog map[string][3]json.RawMessage `json:"agency_log"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return &Broken{Seq: -1, Problem: "the bundle's agency_log is not readable"}
	}
	for id, v := range b.AgencyLog {
		n, err := strconv.ParseUint(id, 10, 32)
		if err != nil {
			return &Broken{Seq: -1, Problem: "agency_log names agency " + id}
		}
		k := StateKey{KindAgency, uint(n)}
		want := fmt.Sprintf(`%d,%d,"%s"`, rp.Records[k], rp.Twice[k], rp.LastAt[k])
		if got := string(v[0]) + "," + string(v[1]) + "," + string(v[2]); got != want {
			seq := rp.LastSeq[k]
			return &Broken{Seq: seq, Key: k.String(), Problem: fmt.Sprintf("the listing shows its log as [%s], the log says [%s]", got, want)}
		}
	}
	return nil
}

// Compare finds the first public record (by entity and id) whose served
// form differs from what the log says.
func (rp *Replay) Compare(served State) *Broken {
	c := rp.comparer(false)
	for _, k := range served.Keys() {
		if b := c.next(k, served[k]); b != nil {
			return b
		}
	}
	return c.end()
}

// stateComparer walks the served records in key order (State.Keys) beside
// the records the log says are public, so that the served ones need not
// all be held at once (CheckIntegrity reads them a page at a time).
type stateComparer struct {
	rp     *Replay
	logged []StateKey // public in the log, in key order
	i      int        // logged[:i] are settled
	drop   bool       // let go of each logged form once compared
}

func (rp *Replay) comparer(drop bool) *stateComparer {
	c := &stateComparer{rp: rp, drop: drop}
	for _, k := range rp.State.Keys() {
		if rp.State[k] != nil {
			c.logged = append(c.logged, k)
		}
	}
	return c
}

func keyLess(a, b StateKey) bool {
	if a.Entity != b.Entity {
		return a.Entity < b.Entity
	}
	return a.ID < b.ID
}

func (c *stateComparer) seq(k StateKey) int64 {
	if seq, ok := c.rp.LastSeq[k]; ok {
		return seq
	}
	return -1
}

// next compares one served record; keys must come in increasing order.
func (c *stateComparer) next(k StateKey, got []byte) *Broken {
	if c.i < len(c.logged) && keyLess(c.logged[c.i], k) {
		return c.end()
	}
	if c.i < len(c.logged) && c.logged[c.i] == k {
		c.i++
		want := c.rp.State[k]
		if c.drop {
			delete(c.rp.State, k)
		}
		if !bytes.Equal(want, got) && !sameUpgraded(k, want, got) {
			return &Broken{Seq: c.seq(k), Key: k.String(), Problem: describeDiff(want, got)}
		}
		return nil
	}
	problem := "served, but the log has no record of it"
	if _, logged := c.rp.State[k]; logged {
		problem = fmt.Sprintf("served, but the log says it was deleted (record %d)", c.seq(k))
	}
	return &Broken{Seq: c.seq(k), Key: k.String(), Problem: problem}
}

// sameUpgraded reports whether a listing logged in an older shape (its
// history's reasons as typed strings) is, brought to the current shape,
// what is served. The upgrade is a fixed function of the logged data, so it
// hides nothing: a database not yet upgraded, or a record an older replica
// wrote during a rolling upgrade, checks true; an altered one does not.
func sameUpgraded(k StateKey, logged, served []byte) bool {
	if k.Entity != KindAgency {
		return false
	}
	up, err := UpgradeAgencyRecord(logged)
	return err == nil && bytes.Equal(up, served)
}

// end reports the first record the log says is public that was not served.
func (c *stateComparer) end() *Broken {
	if c.i < len(c.logged) {
		k := c.logged[c.i]
		return &Broken{Seq: c.seq(k), Key: k.String(), Problem: "the log says it is public, but it is not served"}
	}
	return nil
}

// describeDiff names the first field whose value differs.
func describeDiff(want, got []byte) string {
	var w, g map[string]json.RawMessage
	if json.Unmarshal(want, &w) != nil || json.Unmarshal(got, &g) != nil {
		return "served data differs from the log"
	}
	keys := State{}
	for k := range w {
		keys[StateKey{Entity: k}] = nil
	}
	for k := range g {
		keys[StateKey{Entity: k}] = nil
	}
	for _, k := range keys.Keys() {
		a, b := w[k.Entity], g[k.Entity]
		if !bytes.Equal(a, b) {
			return fmt.Sprintf("%s is %s where it is served, the log says %s", k.Entity, clip(b), clip(a))
		}
	}
	return "served data differs from the log"
}

func clip(b []byte) string {
	if b == nil {
		return "missing"
	}
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// StateFromBundle reads the public records of a full bundle answer.
func StateFromBundle(raw []byte) (State, error) {
	var b struct {
		Full      bool              `json:"full"`
		Agencies  []json.RawMessage `json:"agencies"`
		Contacts  []json.RawMessage `json:"contacts"`
		Checklist []json.RawMessage `json:"checklist"`
		Questions []json.RawMessage `json:"questions"`
		Phrases   []json.RawMessage `json:"phrases"`
		Clips     []json.RawMessage `json:"clips"`
		CostItems []json.RawMessage `json:"cost_items"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	if !b.Full {
		return nil, fmt.Errorf("bundle: not a full bundle")
	}
	st := State{}
	add := func(entity string, list []json.RawMessage, agency bool) error {
		for _, item := range list {
			var id struct {
				ID uint `json:"id"`
			}
			if err := json.Unmarshal(item, &id); err != nil {
				return fmt.Errorf("bundle %s: %w", entity, err)
			}
			var c []byte
			var err error
			if agency {
				c, err = LogAgencyJSON(item)
			} else {
				c, err = Canonical([]byte(item))
			}
			if err != nil {
				return err
			}
			st[StateKey{entity, id.ID}] = c
		}
		return nil
	}
	for _, part := range []struct {
		entity string
		list   []json.RawMessage
	}{{KindAgency, b.Agencies}, {KindContact, b.Contacts}, {KindChecklist, b.Checklist}, {KindQuestion, b.Questions}, {KindPhrase, b.Phrases}, {KindClip, b.Clips}, {KindCost, b.CostItems}} {
		if err := add(part.entity, part.list, part.entity == KindAgency); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// IntegrityReport is the outcome of the server's check of its own log.
type IntegrityReport struct {
	OK        bool      `json:"ok"`
	Size      int64     `json:"size"`
	CheckedAt time.Time `json:"checked_at"`
	Broken    *Broken   `json:"broken,omitempty"`
}

// CheckIntegrity checks the log against itself and against the data, in
// one read transaction: every record in canonical form with its own
// sequence number and leaf hash, every stored tree hash recomputed, and
// the replayed log equal to the public data in the database. A status
// changed in the database file behind the app's back shows here.
func (s *Store) CheckIntegrity(ctx context.Context) (*IntegrityReport, error) {
	rep := &IntegrityReport{CheckedAt: time.Now().UTC()}
	// One snapshot for the whole check: with replicas writing meanwhile,
	// records read first and data read later must be of the same moment.
	// (SQLite's transactions here take the write lock at BEGIN, which is
	// such a snapshot already.)
	var opts []*sql.TxOptions
	if s.DB.Dialector.Name() == "postgres" {
		opts = append(opts, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		n, err := logSize(tx)
		if err != nil {
			return err
		}
		rep.Size = n
		rp := NewReplay()
		pending := map[int64]tlog.Hash{}
		reader := MapHashReader(pending)
		page := integrityPage
		var next int64
		for next < n {
			var rows []LogRecord
			if err := tx.Where("seq >= ?", next).Order("seq").Limit(page).Find(&rows).Error; err != nil {
				return fmt.Errorf("integrity: read records: %w", err)
			}
			if len(rows) == 0 {
				rep.Broken = &Broken{Seq: next, Problem: "missing: the log is shorter than its size"}
				return nil
			}
			stored, err := readHashes(tx, storedIndexes(rows[0].Seq, rows[len(rows)-1].Seq+1))
			if err != nil {
				return err
			}
			for _, row := range rows {
				if row.Seq != next {
					rep.Broken = &Broken{Seq: next, Problem: "missing"}
					return nil
				}
				r, err := CheckRecord(row.Seq, row.Body)
				if err != nil {
					rep.Broken = err.(*Broken)
					return nil
				}
				leaf := tlog.RecordHash(row.Body)
				if !bytes.Equal(leaf[:], row.Hash) {
					rep.Broken = &Broken{Seq: row.Seq, Problem: "its text does not match its hash: it was changed"}
					return nil
				}
				hashes, err := tlog.StoredHashes(row.Seq, row.Body, reader)
				if err != nil {
					return fmt.Errorf("integrity: hash record %d: %w", row.Seq, err)
				}
				base := tlog.StoredHashIndex(0, row.Seq)
				for j, h := range hashes {
					pending[base+int64(j)] = h
					if got, ok := stored[base+int64(j)]; !ok || got != h {
						rep.Broken = &Broken{Seq: row.Seq, Problem: "the stored tree does not match the records"}
						return nil
					}
				}
				if err := rp.Apply(r); err != nil {
					rep.Broken = err.(*Broken)
					return nil
				}
				next++
			}
			// Keep only the hashes later records can still need: the
			// right edge of the tree (at most one per level). In place:
			// the reader holds this map, and its buckets are reused by
			// the next page instead of growing a new one.
			edge := map[int64]bool{}
			for _, x := range rightEdge(next) {
				edge[x] = true
			}
			for x := range pending {
				if !edge[x] {
					delete(pending, x)
				}
			}
		}
		// The served records, a page at a time, against the replay
		// (which lets go of each as it is compared).
		c := rp.comparer(true)
		err = eachPublic(tx, func(k StateKey, got []byte) error {
			if rep.Broken = c.next(k, got); rep.Broken != nil {
				return errBrokenFound
			}
			return nil
		}, "")
		switch {
		case errors.Is(err, errBrokenFound):
			return nil
		case err != nil:
			return err
		}
		rep.Broken = c.end()
		return nil
	}, opts...)
	if err != nil {
		return nil, err
	}
	rep.OK = rep.Broken == nil
	return rep, nil
}

// errBrokenFound stops the walk over the served records at the first one
// that differs from the log.
var errBrokenFound = errors.New("integrity: broken")

// integrityPage is how many records the integrity check reads at a time (a
// variable so that a test can cross page edges with a small log).
var integrityPage = 2000

// storedIndexes lists the stored-hash indexes of records lo..hi-1.
func storedIndexes(lo, hi int64) []int64 {
	var out []int64
	for i := tlog.StoredHashIndex(0, lo); i < tlog.StoredHashCount(hi); i++ {
		out = append(out, i)
	}
	return out
}

// rightEdge lists the stored hashes that appending record n onward can
// read: the complete subtrees on the tree's right edge.
func rightEdge(n int64) []int64 {
	var out []int64
	for level := 0; n>>uint(level) > 0; level++ {
		k := n >> uint(level)
		if k&1 == 1 {
			out = append(out, tlog.StoredHashIndex(level, k-1))
		}
	}
	return out
}
