# Pai Dee Ma Dee — one place for the commands the README and CI use.
SHELL := /bin/bash
.DEFAULT_GOAL := test

.PHONY: run test test-go test-js test-cluster test-e2e deps-e2e deps-audio bench bench-search measure measure-search vet

run:
	go run ./server

# Everything: static checks, Go tests (API on real SQLite), browser tests.
test: vet test-go test-js test-cluster test-e2e

vet:
	@unformatted=$$(gofmt -l server models seeds web scripts); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	@scripts/openapi-lint/run.sh

# The Go tests run twice: on SQLite, then on a throwaway PostgreSQL server
# (installed when missing; see scripts/with-postgres.sh and models/dbtest).
test-go: deps-audio
	go test -count=1 ./...
	@scripts/with-postgres.sh go test -count=1 ./...

# PostgreSQL, two replicas and nginx on loopback; one replica killed under
# load (see scripts/cluster/main.go).
test-cluster:
	@scripts/cluster/run.sh

# The phone's search against the fixtures the Go tests run (Node, no browser);
# the Go/JS parity test runs in test-go.
test-js:
	node --test scripts/search/

# The browser tests need Chromium and fonts; install them when missing.
deps-e2e: deps-audio
	@scripts/ensure-browser.sh

# The voice tests make real recordings (espeak-ng, sox, opusenc, ffmpeg).
deps-audio:
	@scripts/ensure-audio.sh

test-e2e: deps-e2e
	@scripts/e2e/run.sh

bench:
	go run ./scripts/bench -agencies 10000 -conns 64 -duration 5s

# Search quality: recall per kind of query and false confirmations.
bench-search:
	go run ./scripts/bench-search -agencies 10000 -queries 500 -official 2500

measure: deps-e2e
	@scripts/measure/run.sh

# The phone's offline search over 10,000 agencies, CPU throttled 4×.
measure-search: deps-e2e
	@scripts/measure/run.sh --search
