// Package web holds the progressive web app, embedded into the binary.
// app/ is the worker app, served at the site root.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:app
var files embed.FS

// App returns the worker app's files, rooted at app/.
func App() fs.FS {
	sub, err := fs.Sub(files, "app")
	if err != nil {
		panic(err) // the directory is embedded at build time; this cannot fail
	}
	return sub
}

// SearchRules returns app/search-rules.json: the agency search rules that the
// server (models/search) and the phone (js/search.js) both follow.
func SearchRules() []byte {
	b, err := files.ReadFile("app/search-rules.json")
	if err != nil {
		panic(err) // embedded at build time; this cannot fail
	}
	return b
}
