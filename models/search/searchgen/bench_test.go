package searchgen

import (
	"testing"

	"paidee/models/search"
)

// BenchmarkKinds is one search per kind of query over 10,000 generated
// agencies (go test -bench Kinds -cpuprofile to see where a kind spends).
func BenchmarkKinds(b *testing.B) {
	list, missing := Generate(10000, 1000, 7)
	present, _ := Queries(list, missing, 200, 8)
	docs := make([]search.Doc, len(list))
	for i := range list {
		docs[i] = list[i].Doc
	}
	benchKinds(b, docs, present, Kinds)
}

// BenchmarkOfficialKinds is BenchmarkKinds on the official-style list
// (2,500 agencies, about the size of the real ones).
func BenchmarkOfficialKinds(b *testing.B) {
	list, missing := GenerateOfficial(2500, 500, 7)
	present, _ := QueriesOfficial(list, missing, 200, 8)
	docs := make([]search.Doc, len(list))
	for i := range list {
		docs[i] = list[i].Doc
	}
	benchKinds(b, docs, present, OfficialKinds)
}

// benchKinds runs a sub-benchmark per kind over the queries of that kind.
func benchKinds(b *testing.B, docs []search.Doc, present []Query, kinds []string) {
	idx := search.Build(docs)
	for _, kind := range kinds {
		var qs []string
		for _, q := range present {
			if q.Kind == kind {
				qs = append(qs, q.Q)
			}
		}
		b.Run(kind, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				idx.Search(qs[i%len(qs)], nil)
			}
		})
	}
}
