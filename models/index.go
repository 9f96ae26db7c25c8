package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"paidee/models/search"
)

// agencyIndex is an immutable in-memory copy of the public agency list at
// one revision: every listing already encoded as JSON, plus the search index
// (package search) over them. Searching it costs microseconds, so search,
// lookups and the bundle never wait on the database.
type agencyIndex struct {
	revision int64
	day      string // the Lao date it was built on; licences lapse at midnight
	builtAt  time.Time
	entries  []indexEntry   // in the search index's list order (by name)
	byID     map[uint]int   // agency id → entry
	byKey    map[string]int // licence key → entry
	search   *search.Index
	cache    hitCache
}

type indexEntry struct {
	view listed
	json []byte
}

// listed is what the index's readers need of a listing beside its JSON;
// the rest of its view (notes, history, warnings, dates) lives only in the
// JSON, so 10,000 listings are not held twice in memory (#9).
type listed struct {
	ID        uint
	LicenceNo string
	Status    string
	Revision  int64
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
		history[c.AgencyID] = append(history[c.AgencyID], c.View())
	}
	warnings, err := publicWarnings(ctx, db)
	if err != nil {
		return nil, err
	}

	idx := &agencyIndex{
		revision: rev,
		day:      today,
		builtAt:  time.Now(),
		byID:     make(map[uint]int, len(list)),
		byKey:    make(map[string]int, len(list)),
	}
	built := make(map[uint]indexEntry, len(list))
	docs := make([]search.Doc, 0, len(list))
	for i := range list {
		a := &list[i]
		view := a.PublicView(history[a.ID], warnings[a.ID], today)
		raw, err := json.Marshal(view)
		if err != nil {
			return nil, fmt.Errorf("encode agency %d: %w", a.ID, err)
		}
		if len(raw) == 0 || raw[len(raw)-1] != '}' {
			return nil, fmt.Errorf("encode agency %d: not a JSON object", a.ID)
		}
		built[a.ID] = indexEntry{view: listed{ID: view.ID, LicenceNo: view.LicenceNo, Status: view.Status, Revision: view.Revision}, json: raw}
		docs = append(docs, searchDoc(&view))
	}
	idx.search = search.Build(docs)
	idx.entries = make([]indexEntry, idx.search.Len())
	for i := range idx.entries {
		e := built[idx.search.Doc(i).ID]
		idx.entries[i] = e
		idx.byID[e.view.ID] = i
		idx.byKey[LicenceKey(e.view.LicenceNo)] = i
	}
	return idx, nil
}

// searchDoc is what the search index needs of a public listing.
func searchDoc(v *AgencyView) search.Doc {
	return search.Doc{ID: v.ID, NameLo: v.NameLo, NameEn: v.NameEn, LicenceNo: v.LicenceNo,
		Phones: v.Phones, Status: v.Status, Province: strings.ToLower(v.Province)}
}

// AgencyQuery is a search of the public list.
type AgencyQuery struct {
	Q        string
	Status   string
	Province string
	Limit    int
	Offset   int
}

// AgencyPage is one page of search results, each item already JSON, with
// how it was found: Matches[i] is "exact" (as typed) or "close" (by
// spelling tolerance, another script or a dropped zero: the person must
// check it against their papers).
type AgencyPage struct {
	Items    []json.RawMessage
	Matches  []string
	Total    int
	Revision int64
}

// SearchAgencies finds agencies by the words of their Lao or Latin name in
// any order, with spelling tolerance and across Lao, Thai and Latin
// letters, by licence number or by phone number in any common form,
// filtered by status and province (rules: package search).
func (s *Store) SearchAgencies(ctx context.Context, q AgencyQuery) (AgencyPage, error) {
	idx, err := s.agencies(ctx)
	if err != nil {
		return AgencyPage{}, err
	}
	return idx.find(q), nil
}

// find answers one query. The ordered hit list of a query is kept in a
// small per-index cache, so the common broad queries ("ຈັດຫາງານ", "co ltd")
// and paging through them cost a map lookup; the cache goes away with the
// index when the data changes.
func (idx *agencyIndex) find(q AgencyQuery) AgencyPage {
	province := ""
	if q.Province != "" {
		province = strings.ToLower(strings.TrimSpace(q.Province))
	}
	key := q.Status + "\x00" + province + "\x00" + q.Q
	hits, ok := idx.cache.get(key)
	if !ok {
		var keep func(*search.Doc) bool
		if q.Status != "" || province != "" {
			keep = func(d *search.Doc) bool {
				return (q.Status == "" || d.Status == q.Status) && (province == "" || d.Province == province)
			}
		}
		hits = idx.search.Search(q.Q, keep)
		idx.cache.put(key, hits)
	}
	n := min(q.Limit, max(0, len(hits)-q.Offset))
	page := AgencyPage{Total: len(hits), Revision: idx.revision, Items: make([]json.RawMessage, 0, n), Matches: make([]string, 0, n)}
	for i := q.Offset; i < len(hits) && i < q.Offset+q.Limit; i++ {
		page.Items = append(page.Items, idx.entries[hits[i].Pos].json)
		page.Matches = append(page.Matches, hits[i].Match())
	}
	return page
}

// hitCache remembers the hit lists of recent queries on one index.
type hitCache struct {
	mu   sync.Mutex
	m    map[string][]search.Hit
	keys []string // insertion order, for eviction
}

const hitCacheSize = 512

func (c *hitCache) get(k string) ([]search.Hit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *hitCache) put(k string, v []search.Hit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[string][]search.Hit, hitCacheSize)
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
		Fields: FieldErrors{"licence_no": NotFound("not on the list")},
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
