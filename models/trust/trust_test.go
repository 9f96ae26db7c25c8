package trust

import (
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

func key(t *testing.T) *Key {
	t.Helper()
	s, _, err := note.GenerateKey(rand.Reader, "paidee.test/log")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKey(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A rotation note holds only when both keys signed it; a chain is followed
// from the trusted key.
func TestRotation(t *testing.T) {
	k1, k2, k3, evil := key(t), key(t), key(t), key(t)
	n12, err := k1.SignRotation(k2)
	if err != nil {
		t.Fatal(err)
	}
	n23, _ := k2.SignRotation(k3)
	if from, to, err := OpenRotation(n12); err != nil || from != k1.VerifierKey || to != k2.VerifierKey {
		t.Fatalf("open: %v %v %v", from, to, err)
	}
	if got, err := FollowRotations(k1.VerifierKey, [][]byte{n12, n23}); err != nil || got != k3.VerifierKey {
		t.Errorf("chain: %v %v", got, err)
	}
	// Only the new key signed: refused.
	text := rotationHeader + "from " + k1.VerifierKey + "\nto " + evil.VerifierKey + "\n"
	forged, _ := note.Sign(&note.Note{Text: text}, evil.Signer)
	if _, _, err := OpenRotation(forged); err == nil || !strings.Contains(err.Error(), "both") && !strings.Contains(err.Error(), "verif") {
		t.Errorf("forged rotation: %v", err)
	}
	// The old key signed a note that names another new key: the signature
	// of the key named is missing.
	half, _ := note.Sign(&note.Note{Text: text}, k1.Signer)
	if _, _, err := OpenRotation(half); err == nil {
		t.Error("a rotation the new key did not sign was accepted")
	}
	// Changed text: refused.
	bad := strings.Replace(string(n12), "to ", "to  ", 1)
	if _, _, err := OpenRotation([]byte(bad)); err == nil {
		t.Error("an altered rotation note was accepted")
	}
	// A chain that does not start from the trusted key leads nowhere.
	if got, _ := FollowRotations(evil.VerifierKey, [][]byte{n12}); got != evil.VerifierKey {
		t.Errorf("followed a chain from another key to %s", got)
	}
}

// Checkpoints and body signatures round-trip; the wrong key fails.
func TestCheckpointAndBody(t *testing.T) {
	k, other := key(t), key(t)
	body := []byte(`{"a":1}`)
	sig := k.SignBody(body)
	if err := VerifyBody(sig, body, k.Public, k.KeyID()); err != nil {
		t.Fatal(err)
	}
	if VerifyBody(sig, []byte(`{"a":2}`), k.Public, k.KeyID()) == nil || VerifyBody(sig, body, other.Public, other.KeyID()) == nil {
		t.Error("a wrong body or key verifies")
	}
}
