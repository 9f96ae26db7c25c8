// Package trust holds the server's signing key and the signed forms anyone
// can check: the log's checkpoint (a golang.org/x/mod/sumdb/note signed
// note in the C2SP tlog-checkpoint form) and the signature of every bundle
// answer (Ed25519 over the exact body bytes, same key).
package trust

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// KeyFile is the signing key's file in the data directory.
const KeyFile = "log-signing-key"

// Key is the server's Ed25519 key: a note signer for checkpoints and the
// same private key for bundle signatures.
type Key struct {
	Signer   note.Signer
	Verifier note.Verifier
	// VerifierKey is the note verifier key string "<name>+<hash>+<base64>".
	VerifierKey string
	Public      ed25519.PublicKey
	private     ed25519.PrivateKey
}

// KeyID is the key's 8-hex-digit note key hash.
func (k *Key) KeyID() string { return fmt.Sprintf("%08x", k.Signer.KeyHash()) }

// Name is the key's (and the log's) name, its origin.
func (k *Key) Name() string { return k.Signer.Name() }

// ParseKey reads a note signer key ("PRIVATE+KEY+<name>+<hash>+<base64>").
func ParseKey(skey string) (*Key, error) {
	skey = strings.TrimSpace(skey)
	signer, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	// The base64 key may itself hold '+': it is everything after the 4th.
	parts := strings.SplitN(skey, "+", 5)
	raw, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if err != nil || len(raw) != 1+ed25519.SeedSize || raw[0] != 1 {
		return nil, errors.New("signing key: not an Ed25519 note key")
	}
	priv := ed25519.NewKeyFromSeed(raw[1:])
	pub := priv.Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(signer.Name(), pub)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return &Key{Signer: signer, Verifier: verifier, VerifierKey: vkey, Public: pub, private: priv}, nil
}

// LoadOrCreateKey returns the key given in skey, or the one kept in the
// data directory, made there (mode 0600) the first time with name origin.
// Replicas share one key by setting PAIDEE_SIGNING_KEY.
func LoadOrCreateKey(skey, dataDir, origin string) (*Key, error) {
	if skey != "" {
		k, err := ParseKey(skey)
		if err != nil {
			return nil, fmt.Errorf("PAIDEE_SIGNING_KEY: %w", err)
		}
		return k, nil
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := ParseKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	s, _, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return nil, fmt.Errorf("make signing key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	return ParseKey(s)
}

// LoadKey returns the key given in skey or kept in the data directory,
// and an error if there is none.
func LoadKey(skey, dataDir string) (*Key, error) {
	if skey != "" {
		return ParseKey(skey)
	}
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// ---- checkpoints ----

// FormatCheckpoint is the C2SP tlog-checkpoint text of a tree.
func FormatCheckpoint(origin string, t tlog.Tree) string {
	return fmt.Sprintf("%s\n%d\n%s\n", origin, t.N, base64.StdEncoding.EncodeToString(t.Hash[:]))
}

// SignCheckpoint signs the checkpoint of t.
func (k *Key) SignCheckpoint(t tlog.Tree) ([]byte, error) {
	msg, err := note.Sign(&note.Note{Text: FormatCheckpoint(k.Name(), t)}, k.Signer)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	return msg, nil
}

// OpenCheckpoint checks a signed checkpoint against the verifier key vkey
// and returns its tree.
func OpenCheckpoint(msg []byte, vkey string) (tlog.Tree, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("verifier key: %w", err)
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("checkpoint signature: %w", err)
	}
	return ParseCheckpoint(n.Text, v.Name())
}

// ParseCheckpoint reads the text of a checkpoint whose origin must be origin.
func ParseCheckpoint(text, origin string) (tlog.Tree, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return tlog.Tree{}, errors.New("checkpoint: want origin, size and root hash on three lines")
	}
	if lines[0] != origin {
		return tlog.Tree{}, fmt.Errorf("checkpoint: origin %q, want %q", lines[0], origin)
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return tlog.Tree{}, fmt.Errorf("checkpoint: size %q is not a number", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return tlog.Tree{}, fmt.Errorf("checkpoint: root %q is not a base64 SHA-256 hash", lines[2])
	}
	var t tlog.Tree
	t.N = n
	copy(t.Hash[:], raw)
	return t, nil
}

// ---- bundle signatures ----

// SignatureHeader is the header that carries a bundle's signature.
const SignatureHeader = "X-Paidee-Signature"

// SignBody returns the X-Paidee-Signature value for body.
func (k *Key) SignBody(body []byte) string {
	return "keyid=" + k.KeyID() + "; sig=" + base64.StdEncoding.EncodeToString(ed25519.Sign(k.private, body))
}

// VerifyBody checks an X-Paidee-Signature value over body with pub, whose
// key id is keyID.
func VerifyBody(header string, body []byte, pub ed25519.PublicKey, keyID string) error {
	var id, sig string
	for _, part := range strings.Split(header, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "keyid":
			id = v
		case "sig":
			sig = v
		}
	}
	if id == "" || sig == "" {
		return errors.New("signature: want keyid=…; sig=…")
	}
	if id != keyID {
		return fmt.Errorf("signature: made with key %s, want %s", id, keyID)
	}
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return errors.New("signature: sig is not base64")
	}
	if !ed25519.Verify(pub, body, raw) {
		return errors.New("signature: does not match the body")
	}
	return nil
}

// PublicKeyFromVerifier reads the raw Ed25519 key out of a verifier key
// string, with its key id.
func PublicKeyFromVerifier(vkey string) (ed25519.PublicKey, string, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, "", fmt.Errorf("verifier key: %w", err)
	}
	parts := strings.SplitN(vkey, "+", 3)
	raw, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 1 {
		return nil, "", errors.New("verifier key: not Ed25519")
	}
	return bytes.Clone(raw[1:]), fmt.Sprintf("%08x", v.KeyHash()), nil
}

// ---- key rotation ----

// A new key is announced in the log by a record that holds a rotation
// note: its text names the old and the new verifier keys, and it is signed
// by both. Whoever trusts the old key (a phone that pinned it, a checker's
// -key) can follow it to the new one; a key that only its own holder
// signed cannot take over.

const rotationHeader = "paidee signing key rotation\n"

// SignRotation makes the rotation note from k to next, signed by both.
func (k *Key) SignRotation(next *Key) ([]byte, error) {
	text := rotationHeader + "from " + k.VerifierKey + "\nto " + next.VerifierKey + "\n"
	msg, err := note.Sign(&note.Note{Text: text}, k.Signer, next.Signer)
	if err != nil {
		return nil, fmt.Errorf("sign key rotation: %w", err)
	}
	return msg, nil
}

// OpenRotation checks a rotation note: both keys it names must have
// signed it. It returns the old and the new verifier keys.
func OpenRotation(msg []byte) (from, to string, err error) {
	text, _, ok := strings.Cut(string(msg), "\n\n")
	if !ok || !strings.HasPrefix(text, rotationHeader) {
		return "", "", errors.New("key rotation: not a rotation note")
	}
	lines := strings.Split(strings.TrimPrefix(text, rotationHeader), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "from ") || !strings.HasPrefix(lines[1], "to ") {
		return "", "", errors.New("key rotation: want a from and a to line")
	}
	from, to = strings.TrimPrefix(lines[0], "from "), strings.TrimPrefix(lines[1], "to ")
	vf, err := note.NewVerifier(from)
	if err != nil {
		return "", "", fmt.Errorf("key rotation: old key: %w", err)
	}
	vt, err := note.NewVerifier(to)
	if err != nil {
		return "", "", fmt.Errorf("key rotation: new key: %w", err)
	}
	n, err := note.Open(msg, note.VerifierList(vf, vt))
	if err != nil {
		return "", "", fmt.Errorf("key rotation: %w", err)
	}
	signed := map[uint32]bool{}
	for _, s := range n.Sigs {
		signed[s.Hash] = true
	}
	if !signed[vf.KeyHash()] || !signed[vt.KeyHash()] {
		return "", "", errors.New("key rotation: not signed by both the old and the new key")
	}
	return from, to, nil
}

// FollowRotations walks notes from the trusted verifier key to the last
// key they lead to; notes that do not start from the key reached so far
// are skipped.
func FollowRotations(trusted string, notes [][]byte) (string, error) {
	cur := trusted
	for _, msg := range notes {
		from, to, err := OpenRotation(msg)
		if err != nil {
			return "", err
		}
		if from == cur {
			cur = to
		}
	}
	return cur, nil
}
