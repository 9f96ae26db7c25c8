# Pai Dee Ma Dee — one place for the commands the README and CI use.
SHELL := /bin/bash
.DEFAULT_GOAL := test

.PHONY: run test test-go test-e2e deps-e2e bench measure vet

run:
	go run ./server

# Everything: static checks, Go tests (API on real SQLite), browser tests.
test: vet test-go test-e2e

vet:
	@unformatted=$$(gofmt -l server models seeds trust web scripts); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...

test-go:
	go test -count=1 ./...

# The browser tests need Chromium and fonts; install them when missing.
deps-e2e:
	@scripts/ensure-browser.sh

test-e2e: deps-e2e
	@scripts/e2e/run.sh

bench:
	go run ./scripts/bench -agencies 10000 -conns 64 -duration 5s

measure: deps-e2e
	@scripts/measure/run.sh
