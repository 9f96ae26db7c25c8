package api

import (
	"encoding/base64"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/mod/sumdb/tlog"

	"paidee/models"
	"paidee/models/trust"
)

// The public log: anyone can read every record, the signed checkpoint, the
// key, and proofs, and so check what the app says against what it did.

const maxLogPage = 1000

func (h *handlers) logRecords(c *fiber.Ctx) error {
	from, err := int64Query(c, "from", 0)
	if err != nil {
		return err
	}
	limit, err := intQuery(c, "limit", 100, 1, maxLogPage)
	if err != nil {
		return err
	}
	page, err := h.store.LogRecords(c.UserContext(), from, limit)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (h *handlers) logCheckpoint(c *fiber.Ctx) error {
	tree, err := h.store.LogTree(c.UserContext())
	if err != nil {
		return err
	}
	msg, err := h.key.SignCheckpoint(tree)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.Send(msg)
}

// logKeyAnswer is the key that signs checkpoints and bundles.
type logKeyAnswer struct {
	Verifier  string `json:"verifier"`   // the note verifier key: <name>+<hash>+<base64 key>
	PublicKey string `json:"public_key"` // base64 of the raw 32-byte Ed25519 key
	KeyID     string `json:"key_id"`     // the 8-hex-digit note key hash, as in X-Paidee-Signature
	Origin    string `json:"origin"`     // the log's name, the first line of its checkpoints
}

// proofAnswer is an inclusion or consistency proof.
type proofAnswer struct {
	Seq    *int64   `json:"seq,omitempty"`
	Size   *int64   `json:"size,omitempty"`
	From   *int64   `json:"from,omitempty"`
	To     *int64   `json:"to,omitempty"`
	Hashes []string `json:"hashes"`
}

// proposedAnswer is the 202 answer of a write that waits for a second person.
type proposedAnswer struct {
	Proposal models.ProposalView `json:"proposal"`
}

// proposedImportAnswer is the 202 answer of a CSV import that waits.
type proposedImportAnswer struct {
	Proposal models.ProposalView  `json:"proposal"`
	Report   *models.ImportReport `json:"report"`
}

type rejectRequest struct {
	Reason string `json:"reason" doc:"required,max=500"`
}

func (h *handlers) logKey(c *fiber.Ctx) error {
	return c.JSON(logKeyAnswer{Verifier: h.key.VerifierKey, PublicKey: base64.StdEncoding.EncodeToString(h.key.Public),
		KeyID: h.key.KeyID(), Origin: h.key.Name()})
}

// logRotations lists the signing keys announced in the log, each with its
// note signed by the old and the new key.
func (h *handlers) logRotations(c *fiber.Ctx) error {
	list, err := h.store.KeyRotations(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(listOf[models.KeyRotation]{Items: list, Total: len(list)})
}

func (h *handlers) logProof(c *fiber.Ctx) error {
	seq, err := int64Query(c, "seq", -1)
	if err != nil {
		return err
	}
	size, err := int64Query(c, "size", -1)
	if err != nil {
		return err
	}
	if seq < 0 || size < 0 {
		return badRequest("seq", models.Required().Say("send seq (the record) and size (the tree it is in)"))
	}
	p, err := h.store.LogInclusionProof(c.UserContext(), seq, size)
	if err != nil {
		return err
	}
	return c.JSON(proofAnswer{Seq: &seq, Size: &size, Hashes: encodeHashes(p)})
}

func (h *handlers) logConsistency(c *fiber.Ctx) error {
	from, err := int64Query(c, "from", -1)
	if err != nil {
		return err
	}
	to, err := int64Query(c, "to", -1)
	if err != nil {
		return err
	}
	if from < 0 || to < 0 {
		return badRequest("from", models.Required().Say("send from and to, two tree sizes"))
	}
	p, err := h.store.LogConsistencyProof(c.UserContext(), from, to)
	if err != nil {
		return err
	}
	return c.JSON(proofAnswer{From: &from, To: &to, Hashes: encodeHashes(p)})
}

func encodeHashes(hs []tlog.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return out
}

func int64Query(c *fiber.Ctx, name string, def int64) (int64, error) {
	s := c.Query(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest(name, models.BadNumber(0))
	}
	return n, nil
}

// integrity answers the outcome of the last check of the log against the
// data (at start-up, or when an admin asked for one).
func (h *handlers) integrity(c *fiber.Ctx) error {
	return c.JSON(h.integrityState())
}

// recheckIntegrity runs the check again: after an admin has put the data
// right (an edit through the console is logged), or to see it still holds.
func (h *handlers) recheckIntegrity(c *fiber.Ctx) error {
	rep, err := h.checkIntegrity(c)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

func (h *handlers) checkIntegrity(c *fiber.Ctx) (*models.IntegrityReport, error) {
	rep, err := h.store.CheckIntegrity(c.UserContext())
	if err != nil {
		return nil, err
	}
	h.integrityRep.Store(rep)
	if !rep.OK {
		h.log.Error("integrity check failed", "broken", rep.Broken.Error())
	}
	return rep, nil
}

func (h *handlers) integrityState() *models.IntegrityReport {
	return h.integrityRep.Load()
}

// signature header for a prepared body.
func setSignature(c *fiber.Ctx, sig string) {
	if sig != "" {
		c.Set(trust.SignatureHeader, sig)
	}
}
