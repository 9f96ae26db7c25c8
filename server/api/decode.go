package api

import (
	"bytes"
	"io"
	"mime"
	"strings"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// unknownField extracts the name from encoding/json's "unknown field" error.
func unknownField(err error) (string, bool) {
	const prefix = `json: unknown field "`
	msg := err.Error()
	if strings.HasPrefix(msg, prefix) {
		return strings.TrimSuffix(strings.TrimPrefix(msg, prefix), `"`), true
	}
	return "", false
}
