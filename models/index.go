package models

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// agencyIndex is an immutable in-memory copy of the public agency list at
// one revision: every listing already encoded as JSON, plus the keys and a
// trigram index that search needs. Searching it costs microseconds, so
// search, lookups and the bundle never wait on the database.
type agencyIndex struct {
	revision int64
	builtAt  time.Time
	entries  []indexEntry   // ordered by name
	byID     map[uint]int   // agency id → entry
	byKey    map[string]int // licence key → entry
	trigrams map[uint64][]int32
}

type indexEntry struct {
	view       AgencyView
	json       []byte
	nameKey    string
	licenceKey string
	phoneKeys  []string
	province   string // lower case
}

// index returns the agency index for the current revision, rebuilding it
// first if the data changed. Readers wait for a rebuild rather than see a
// listing whose status has already changed.
func (s *Store) agencies(ctx context.Context) (*agencyIndex, error) {
	rev, err := s.Revision(ctx)
	if err != nil {
		return nil, err
	}
	if idx := s.index.Load(); idx != nil && idx.revision >= rev {
		return idx, nil
	}
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	if idx := s.index.Load(); idx != nil && idx.revision >= rev {
		return idx, nil
	}
	idx, err := buildAgencyIndex(ctx, s, rev)
	if err != nil {
		return nil, err
	}
	s.index.Store(idx)
	return idx, nil
}

func buildAgencyIndex(ctx context.Context, s *Store, rev int64) (*agencyIndex, error) {
	db := s.DB.WithContext(ctx)
	var list []Agency
	if err := db.Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("load agencies: %w", err)
	}
	history := map[uint][]StatusView{}
	var changes []StatusChange
	if err := db.Order("agency_id, at, id").Find(&changes).Error; err != nil {
		return nil, fmt.Errorf("load status history: %w", err)
	}
	for _, c := range changes {
		history[c.AgencyID] = append(history[c.AgencyID], StatusView{At: c.At, From: c.From, To: c.To, Reason: c.Reason})
	}
	warnings, err := publicWarnings(ctx, db)
	if err != nil {
		return nil, err
	}

	idx := &agencyIndex{
		revision: rev,
		builtAt:  time.Now(),
		entries:  make([]indexEntry, 0, len(list)),
		byID:     make(map[uint]int, len(list)),
		byKey:    make(map[string]int, len(list)),
		trigrams: map[uint64][]int32{},
	}
	for i := range list {
		a := &list[i]
		view := a.View(history[a.ID], warnings[a.ID])
		raw, err := json.Marshal(view)
		if err != nil {
			return nil, fmt.Errorf("encode agency %d: %w", a.ID, err)
		}
		e := indexEntry{
			view: view, json: raw,
			nameKey:    NameKey(a.NameLo + " " + a.NameEn),
			licenceKey: a.LicenceKey,
			province:   strings.ToLower(a.Province),
		}
		for _, p := range a.Phones {
			if k := PhoneKey(p); k != "" {
				e.phoneKeys = append(e.phoneKeys, k)
			}
		}
		idx.entries = append(idx.entries, e)
	}
	sort.SliceStable(idx.entries, func(i, j int) bool { return sortName(&idx.entries[i]) < sortName(&idx.entries[j]) })
	for i := range idx.entries {
		e := &idx.entries[i]
		idx.byID[e.view.ID] = i
		idx.byKey[e.licenceKey] = i
		seen := map[uint64]bool{}
		for _, hay := range e.haystacks() {
			forTrigrams(hay, func(t uint64) {
				if !seen[t] {
					seen[t] = true
					idx.trigrams[t] = append(idx.trigrams[t], int32(i))
				}
			})
		}
	}
	return idx, nil
}

func sortName(e *indexEntry) string {
	if e.view.NameEn != "" {
		return strings.ToLower(e.view.NameEn)
	}
	return e.nameKey
}

func (e *indexEntry) haystacks() []string {
	h := make([]string, 0, 2+len(e.phoneKeys))
	h = append(h, e.nameKey, strings.ToLower(e.licenceKey))
	return append(h, e.phoneKeys...)
}

// forTrigrams calls fn with every run of three characters in s.
func forTrigrams(s string, fn func(uint64)) {
	r := []rune(s)
	for i := 0; i+3 <= len(r); i++ {
		fn(uint64(r[i])<<42 | uint64(r[i+1])<<21 | uint64(r[i+2]))
	}
}

// AgencyQuery is a search of the public list.
type AgencyQuery struct {
	Q        string
	Status   string
	Province string
	Limit    int
	Offset   int
}

// match ranks: lower is better.
const (
	rankLicenceExact = iota
	rankPhone
	rankLicencePart
	rankNamePrefix
	rankNamePart
	rankAll
)

// AgencyPage is one page of search results, each item already JSON.
type AgencyPage struct {
	Items    []json.RawMessage
	Total    int
	Revision int64
}

// SearchAgencies finds agencies by a part of the Lao or Latin name, by
// licence number (spaces, dashes and case ignored) or by phone number in any
// common form, filtered by status and province.
func (s *Store) SearchAgencies(ctx context.Context, q AgencyQuery) (AgencyPage, error) {
	idx, err := s.agencies(ctx)
	if err != nil {
		return AgencyPage{}, err
	}
	return idx.search(q), nil
}

type hit struct {
	pos  int32
	rank int
}

func (idx *agencyIndex) search(q AgencyQuery) AgencyPage {
	nameKey := NameKey(q.Q)
	licKey := LicenceKey(q.Q)
	var phoneKey string
	if looksLikePhone(q.Q) {
		phoneKey = PhoneKey(q.Q)
	}
	province := strings.ToLower(strings.TrimSpace(q.Province))

	filter := func(e *indexEntry) bool {
		return (q.Status == "" || e.view.Status == q.Status) && (province == "" || e.province == province)
	}
	var hits []hit
	if nameKey == "" && licKey == "" {
		for i := range idx.entries {
			if filter(&idx.entries[i]) {
				hits = append(hits, hit{int32(i), rankAll})
			}
		}
	} else {
		lowerLic := strings.ToLower(licKey)
		for _, pos := range idx.candidates(nameKey, lowerLic, phoneKey) {
			e := &idx.entries[pos]
			if !filter(e) {
				continue
			}
			if r, ok := e.rank(nameKey, licKey, phoneKey); ok {
				hits = append(hits, hit{pos, r})
			}
		}
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].rank != hits[j].rank {
				return hits[i].rank < hits[j].rank
			}
			return hits[i].pos < hits[j].pos
		})
	}
	page := AgencyPage{Total: len(hits), Revision: idx.revision, Items: []json.RawMessage{}}
	for i := q.Offset; i < len(hits) && i < q.Offset+q.Limit; i++ {
		page.Items = append(page.Items, idx.entries[hits[i].pos].json)
	}
	return page
}

// candidates returns, in list order, the entries that may match: those that
// contain every trigram of one of the needles. Needles shorter than three
// characters cannot use the index, and then every entry is a candidate.
func (idx *agencyIndex) candidates(needles ...string) []int32 {
	var union []int32
	seen := make(map[int32]bool)
	for _, n := range needles {
		if n == "" {
			continue
		}
		if len([]rune(n)) < 3 {
			all := make([]int32, len(idx.entries))
			for i := range all {
				all[i] = int32(i)
			}
			return all
		}
		var set []int32
		first := true
		forTrigrams(n, func(t uint64) {
			if !first && len(set) == 0 {
				return
			}
			post := idx.trigrams[t]
			if first {
				set = append([]int32(nil), post...)
				first = false
				return
			}
			set = intersect(set, post)
		})
		for _, p := range set {
			if !seen[p] {
				seen[p] = true
				union = append(union, p)
			}
		}
	}
	sort.Slice(union, func(i, j int) bool { return union[i] < union[j] })
	return union
}

// intersect keeps the elements of a (sorted) that are also in b (sorted).
func intersect(a, b []int32) []int32 {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}

func (e *indexEntry) rank(nameKey, licKey, phoneKey string) (int, bool) {
	switch {
	case licKey != "" && e.licenceKey == licKey:
		return rankLicenceExact, true
	case phoneKey != "" && e.hasPhone(phoneKey):
		return rankPhone, true
	case len(licKey) >= 3 && strings.Contains(e.licenceKey, licKey):
		return rankLicencePart, true
	case nameKey != "" && strings.HasPrefix(e.nameKey, nameKey):
		return rankNamePrefix, true
	case nameKey != "" && strings.Contains(e.nameKey, nameKey):
		return rankNamePart, true
	}
	return 0, false
}

func (e *indexEntry) hasPhone(key string) bool {
	for _, p := range e.phoneKeys {
		if strings.Contains(p, key) {
			return true
		}
	}
	return false
}

// AgencyByLicence returns the listing with this licence number (spaces,
// dashes and case ignored) as JSON.
func (s *Store) AgencyByLicence(ctx context.Context, licenceNo string) (json.RawMessage, error) {
	idx, err := s.agencies(ctx)
	if err != nil {
		return nil, err
	}
	key := LicenceKey(licenceNo)
	if i, ok := idx.byKey[key]; ok && key != "" {
		return idx.entries[i].json, nil
	}
	return nil, &Error{
		Code: ECodeNotFound,
		Message: "No agency with this licence number is on the official list. " +
			"An agency that is not on the list must not be trusted: do not pay it and do not give it your passport or documents. " +
			"Ask your district labour office.",
		Fields: map[string]string{"licence_no": "not on the list"},
	}
}

// AgencyByID returns one listing as JSON.
func (s *Store) AgencyByID(ctx context.Context, id uint) (json.RawMessage, error) {
	idx, err := s.agencies(ctx)
	if err != nil {
		return nil, err
	}
	if i, ok := idx.byID[id]; ok {
		return idx.entries[i].json, nil
	}
	return nil, Errorf(ECodeNotFound, "no agency with id %d is on the list", id)
}
