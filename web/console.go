package web

import (
	"embed"
	"io/fs"
)

// verify/ is the verifier and admin console, served at /verify.
//
//go:embed all:verify
var consoleFiles embed.FS

// Console returns the console's files, rooted at verify/.
func Console() fs.FS {
	sub, err := fs.Sub(consoleFiles, "verify")
	if err != nil {
		panic(err) // the directory is embedded at build time; this cannot fail
	}
	return sub
}
