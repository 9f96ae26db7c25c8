package main

import (
	"context"
	"strings"
	"testing"

	"paidee/models"
	"paidee/models/audio/audiotest"
)

// verify-log replays clips' references like any public record: a clean
// server with clips passes, and a clip's reference changed in the database
// behind the app's back (another recording swapped in) is caught and named.
func TestVerifyLog_Clips(t *testing.T) {
	s := startLogServer(t, t.TempDir(), newKey(t))
	ctx := context.Background()
	admin := models.Actor{ID: 1, Email: "admin@example.org"}
	for _, target := range []string{"verdict:not-listed", "verdict:status-revoked"} {
		if _, _, err := s.store.SaveClip(ctx, admin, models.ClipUpload{Target: target, Lang: "lo",
			Audio: audiotest.Make(t, audiotest.OggOpus, 3, 0)}); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := s.verify("-key", s.key.VerifierKey); err != nil || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("clean server with clips: %v\n%s", err, out)
	}
	s.exec("UPDATE clips SET sha256 = ? WHERE verdict = ?", strings.Repeat("ab", 32), "not-listed")
	s = s.restart()
	out, err := s.verify("-key", s.key.VerifierKey)
	if err != nil {
		out += err.Error()
	}
	if err == nil || !strings.Contains(out, "clips 1") || !strings.Contains(out, "sha256") {
		t.Fatalf("a swapped clip was not caught: %v\n%s", err, out)
	}
}
