package models

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// agencyIndex is an immutable in-memory copy of the public agency list at
// one revision: every listing already encoded as JSON, plus the keys and a
// trigram index that search needs. Searching it costs microseconds, so
// search, lookups and the bundle never wait on the database.
type agencyIndex struct {
	revision int64
	day      string // the Lao date it was built on; licences lapse at midnight
	builtAt  time.Time
	entries  []indexEntry   // ordered by name
	byID     map[uint]int   // agency id → entry
	byKey    map[string]int // licence key → entry
	trigrams map[uint64][]int32
	cache    hitCache
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
	today := Today(time.Now())
	if idx := s.index.Load(); idx != nil && idx.revision >= rev && idx.day == today {
		return idx, nil
	}
	s.indexMu.Lock()
	defer s.indexMu.Unlock()
	if idx := s.index.Load(); idx != nil && idx.revision >= rev && idx.day == today {
		return idx, nil
	}
	idx, err := buildAgencyIndex(ctx, s, rev, today)
	if err != nil {
		return nil, err
	}
	s.index.Store(idx)
	return idx, nil
}

func buildAgencyIndex(ctx context.Context, s *Store, rev int64, today string) (*agencyIndex, error) {
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
		day:      today,
		builtAt:  time.Now(),
		entries:  make([]indexEntry, 0, len(list)),
		byID:     make(map[uint]int, len(list)),
		byKey:    make(map[string]int, len(list)),
		trigrams: map[uint64][]int32{},
	}
	for i := range list {
		a := &list[i]
		view := a.View(history[a.ID], warnings[a.ID])
		// A licence past its expiry date has lapsed, whatever the list last
		// said: never show it as licensed.
		if view.Status == StatusLicensed && a.LicenceExpires != "" && a.LicenceExpires < today {
			view.Status = StatusExpired
			view.LicenceLapsed = true
		}
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

// search answers one query. The ordered hit list of a query is kept in a
// small per-index cache, so the common broad queries ("ຈັດຫາງານ", "co ltd")
// and paging through them cost a map lookup; the cache goes away with the
// index when the data changes.
func (idx *agencyIndex) search(q AgencyQuery) AgencyPage {
	province := ""
	if q.Province != "" {
		province = strings.ToLower(strings.TrimSpace(q.Province))
	}
	key := q.Status + "\x00" + province + "\x00" + q.Q
	hits, ok := idx.cache.get(key)
	if !ok {
		hits = idx.match(q.Q, q.Status, province)
		idx.cache.put(key, hits)
	}
	page := AgencyPage{Total: len(hits), Revision: idx.revision, Items: make([]json.RawMessage, 0, min(q.Limit, max(0, len(hits)-q.Offset)))}
	for i := q.Offset; i < len(hits) && i < q.Offset+q.Limit; i++ {
		page.Items = append(page.Items, idx.entries[hits[i]].json)
	}
	return page
}

// match returns the positions of every matching entry, best first: exact
// licence, phone, part of a licence, start of a name, part of a name; within
// a rank in list (name) order.
func (idx *agencyIndex) match(text, status, province string) []int32 {
	filter := func(e *indexEntry) bool {
		return (status == "" || e.view.Status == status) && (province == "" || e.province == province)
	}
	nameKey := NameKey(text)
	licKey := LicenceKey(text)
	var phoneKey string
	if looksLikePhone(text) {
		phoneKey = PhoneKey(text)
	}
	if nameKey == "" && licKey == "" {
		out := make([]int32, 0, len(idx.entries))
		for i := range idx.entries {
			if filter(&idx.entries[i]) {
				out = append(out, int32(i))
			}
		}
		return out
	}
	var buckets [rankAll][]int32
	for _, pos := range idx.candidates(nameKey, strings.ToLower(licKey), phoneKey) {
		e := &idx.entries[pos]
		if !filter(e) {
			continue
		}
		if r, ok := e.rank(nameKey, licKey, phoneKey); ok {
			buckets[r] = append(buckets[r], pos)
		}
	}
	n := 0
	for _, b := range buckets {
		n += len(b)
	}
	out := make([]int32, 0, n)
	for _, b := range buckets {
		out = append(out, b...)
	}
	return out
}

// candidates returns, in list order, the entries that may match: those that
// contain every trigram of at least one needle. A needle shorter than three
// characters cannot use the index, and then every entry is a candidate.
func (idx *agencyIndex) candidates(needles ...string) []int32 {
	var union []int32
	done := map[string]bool{}
	for _, n := range needles {
		if n == "" || done[n] {
			continue
		}
		done[n] = true
		if utf8.RuneCountInString(n) < 3 {
			all := make([]int32, len(idx.entries))
			for i := range all {
				all[i] = int32(i)
			}
			return all
		}
		union = mergeUnion(union, idx.containingAll(n))
	}
	return union
}

// containingAll intersects the posting lists of every trigram of n,
// smallest first, so the work is bounded by the rarest trigram.
func (idx *agencyIndex) containingAll(n string) []int32 {
	var lists [][]int32
	missing := false
	forTrigrams(n, func(t uint64) {
		post, ok := idx.trigrams[t]
		if !ok {
			missing = true
		}
		lists = append(lists, post)
	})
	if missing || len(lists) == 0 {
		return nil
	}
	sort.Slice(lists, func(i, j int) bool { return len(lists[i]) < len(lists[j]) })
	set := append([]int32(nil), lists[0]...)
	for _, l := range lists[1:] {
		if len(set) == 0 {
			break
		}
		set = intersect(set, l)
	}
	return set
}

// mergeUnion merges two sorted lists without duplicates.
func mergeUnion(a, b []int32) []int32 {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		default:
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// intersect keeps the elements of a (sorted) that are also in b (sorted).
// When a is much shorter than b it binary-searches b, so intersecting a
// rare trigram with a common one costs little.
func intersect(a, b []int32) []int32 {
	out := a[:0]
	if len(a)*16 < len(b) {
		lo := 0
		for _, x := range a {
			lo += sort.Search(len(b)-lo, func(i int) bool { return b[lo+i] >= x })
			if lo == len(b) {
				break
			}
			if b[lo] == x {
				out = append(out, x)
			}
		}
		return out
	}
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

// hitCache remembers the hit lists of recent queries on one index.
type hitCache struct {
	mu   sync.Mutex
	m    map[string][]int32
	keys []string // insertion order, for eviction
}

const hitCacheSize = 512

func (c *hitCache) get(k string) ([]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *hitCache) put(k string, v []int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string][]int32, hitCacheSize)
	}
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.keys) >= hitCacheSize {
		delete(c.m, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.m[k] = v
	c.keys = append(c.keys, k)
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
