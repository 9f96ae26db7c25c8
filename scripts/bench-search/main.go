// Command bench-search measures the quality of the agency search on a
// generated list that looks like the real one (models/search/searchgen):
// for each kind of query people type it prints recall@1 and recall@5 (the
// agency meant is first / in the first five) and the median time of one
// uncached search; and the false confirmations: queries for agencies that
// are NOT on the list that get an "exact" match (must be 0).
//
//	go run ./scripts/bench-search -agencies 10000 -queries 500
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	"paidee/models/search"
	"paidee/models/search/searchgen"
)

func main() {
	n := flag.Int("agencies", 10000, "generated agencies on the list (at least 5000 for the figures that count)")
	absent := flag.Int("absent", 1000, "generated agencies not on the list")
	per := flag.Int("queries", 500, "queries per kind")
	seed := flag.Uint64("seed", 7, "seed of the list and the queries")
	show := flag.Int("show", 3, "misses to print per kind")
	flag.Parse()

	list, missing := searchgen.Generate(*n, *absent, *seed)
	docs := make([]search.Doc, len(list))
	for i := range list {
		docs[i] = list[i].Doc
	}
	start := time.Now()
	idx := search.Build(docs)
	build := time.Since(start)
	present, away := searchgen.Queries(list, missing, *per, *seed+1)
	fmt.Printf("agencies on the list: %d (index built in %v); not on the list: %d; queries: %d + %d\n\n",
		len(list), build.Round(time.Millisecond), len(missing), len(present), len(away))

	type tally struct {
		n, at1, at5 int
		times       []time.Duration
		misses      []string
	}
	byKind := map[string]*tally{}
	for _, q := range present {
		t := byKind[q.Kind]
		if t == nil {
			t = &tally{}
			byKind[q.Kind] = t
		}
		start := time.Now()
		hits := idx.Search(q.Q, nil)
		t.times = append(t.times, time.Since(start))
		t.n++
		rank := -1
		for i := 0; i < len(hits) && i < 5; i++ {
			if idx.Doc(int(hits[i].Pos)).ID == q.Want {
				rank = i
				break
			}
		}
		switch {
		case rank == 0:
			t.at1++
			t.at5++
		case rank > 0:
			t.at5++
		}
		if rank < 0 && len(t.misses) < *show {
			t.misses = append(t.misses, fmt.Sprintf("%q for %d (%d results)", q.Q, q.Want, len(hits)))
		}
	}
	fmt.Printf("%-11s %7s %9s %9s %12s\n", "kind", "queries", "recall@1", "recall@5", "median µs")
	worst := 1.0
	for _, k := range searchgen.Kinds {
		t := byKind[k]
		if t == nil {
			continue
		}
		sort.Slice(t.times, func(i, j int) bool { return t.times[i] < t.times[j] })
		r5 := float64(t.at5) / float64(t.n)
		worst = min(worst, r5)
		fmt.Printf("%-11s %7d %8.1f%% %8.1f%% %12.1f\n", k, t.n, 100*float64(t.at1)/float64(t.n), 100*r5,
			float64(t.times[len(t.times)/2].Nanoseconds())/1000)
	}
	for _, k := range searchgen.Kinds {
		if t := byKind[k]; t != nil && len(t.misses) > 0 {
			fmt.Printf("  missed (%s): %v\n", k, t.misses)
		}
	}

	false1 := 0
	var examples []string
	closeToo := 0
	for _, q := range away {
		hits := idx.Search(q.Q, nil)
		if len(hits) > 0 {
			closeToo++
		}
		for _, h := range hits {
			if h.Exact() {
				false1++
				if len(examples) < 5 {
					examples = append(examples, fmt.Sprintf("%s %q → %s", q.Kind, q.Q, idx.Doc(int(h.Pos)).NameEn))
				}
				break
			}
		}
	}
	fmt.Printf("\nfalse confirmations (a query for an agency not on the list answered exact): %d of %d queries", false1, len(away))
	fmt.Printf(" (%d got close matches only, shown as \"Did you mean\")\n", closeToo-false1)
	for _, e := range examples {
		fmt.Println("  ", e)
	}
	fmt.Printf("targets: recall@5 ≥ 95%% for every kind (worst here %.1f%%); 0 false confirmations\n", 100*worst)
	if false1 > 0 || worst < 0.95 {
		os.Exit(1)
	}
}
