package api

import (
	"os"
	"runtime/debug"
)

// SoftMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set.
// At 10,000 agencies the live heap is about 25 MB (the agency index with
// its encoded listings, and the full bundle, kept gzipped); with the
// default GOGC alone the heap grows to twice that before a collection,
// and on top of it come the binary, the runtime and SQLite's page cache
// (about 30 MB that no heap setting touches). At 64 MiB the resident peak
// under `make bench` was 86 MB; at 48 MiB it is 73 MB, with search as fast
// (62% of the bare handler's rate against 61%, measured in alternating
// runs; figures in the commit). A list much larger than 10,000 agencies
// needs GOMEMLIMIT raised with it, or the collector runs too often.
const SoftMemoryLimit = 48 << 20

// LimitMemory sets the soft memory limit unless GOMEMLIMIT already did.
// The server calls it at start, and so does the benchmark's server process.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(SoftMemoryLimit)
	}
}
