package api

import (
	"os"
	"runtime/debug"
)

// SoftMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set.
// At 10,000 agencies the live heap is about 35 MB (the agency index and the
// encoded bundle); with the default GOGC alone the heap grows to twice that
// before a collection, and building the bundle or a new index briefly adds
// 20 MB more, which put the resident peak at 125–135 MB in `make bench`.
// With this limit the collector runs sooner near it: 95–100 MB, no slower
// (the measured figures are in the commit). A list much larger than 10,000
// agencies needs GOMEMLIMIT raised with it, or the collector runs too often.
const SoftMemoryLimit = 64 << 20

// LimitMemory sets the soft memory limit unless GOMEMLIMIT already did.
// The server calls it at start, and so does the benchmark's server process.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(SoftMemoryLimit)
	}
}
