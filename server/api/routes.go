package api

import (
	"regexp"
	"slices"

	"github.com/gofiber/fiber/v2"

	"paidee/models"
)

// operation is one route: what the router runs and what the OpenAPI
// document says, from one entry. The document's schemas are derived from
// Body and Answer (Go values of the request and answer types), so the
// document cannot say something the code does not do.
type operation struct {
	Method string
	Path   string // OpenAPI form: /api/v1/agencies/{id}
	// FiberPath is the router's path when it is not Path with {x} → :x.
	FiberPath string
	Summary   string
	Tag       string
	Auth      string // "" (anyone), authSignedIn (any role), models.RoleVerifier (verifier or admin), models.RoleAdmin
	Handler   fiber.Handler
	// Before runs after the role check and before Handler (body limits,
	// the report limiter).
	Before  []fiber.Handler
	Query   []param
	Headers []param
	Body    any // a value of the JSON body's type, csvBody{}, or nil
	Answer  any // a value of the answer's type, noBody{}, csvBody{} or textBody{}
	Status  int // success status (200 if 0)
	Errors  []int
	// Proposal: a change that makes a listing look safer answers 202 with
	// this instead (a proposal), and nothing public changes until a second
	// person approves it.
	Proposal any
}

// authSignedIn admits any signed-in user.
const authSignedIn = "signed-in"

// Markers for bodies and answers that are not JSON.
type (
	csvBody  struct{}
	noBody   struct{}
	textBody struct{}
)

// listOf is the shape of every list answer.
type listOf[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// agencyHit is one search result: the listing and how it was found.
type agencyHit struct {
	models.AgencyView
	// exact: every word of the query is a whole word of the name as typed,
	// or the whole licence or phone number; close: found only by spelling
	// tolerance, transliteration, a word's start, a part of a number or a
	// dropped leading zero. A close match is not a confirmation.
	Match string `json:"match" doc:"enum=match"`
}

type statusAnswer struct {
	Status string `json:"status"`
}

type receiptAnswer struct {
	Receipt string `json:"receipt"`
}

// param is one query or header parameter.
type param struct {
	Name, Desc string
	Schema     map[string]any
	Required   bool
}

func qString(name string, max int, desc string) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "string", "maxLength": max}}
}

func qInt(name string, min, max int, desc string) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "integer", "minimum": min, "maximum": max}}
}

func qEnum(name, enum, desc string) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "string", "enum": enums[enum]}}
}

var (
	pLimit        = qInt("limit", 1, maxLimit, "1 to 100, default 20")
	pOffset       = qInt("offset", 0, maxOffset, "0 or more, default 0")
	pConsoleLimit = qInt("limit", 1, 200, "1 to 200, default 50")
	pRevision     = qInt("revision", 0, 1<<31-1, "optional: the revision of the record you saw; if it has changed since, 409 with the current record in error.current and nothing deleted")
)

const csvHeaderDoc = "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason"

// Error statuses most writes can answer.
var (
	errsCreate = []int{400, 409, 413, 415, 422}
	errsPatch  = []int{400, 404, 409, 413, 415, 422}
	errsDelete = []int{400, 404, 409}
)

// routes is the whole API in one table, in the order the router matches
// (fixed paths before the {id} beside them). h and reportLimit may be nil
// when only the document is wanted.
func routes(h *handlers, reportLimit fiber.Handler) []operation {
	small := limitBody(maxJSONBody)
	return slices.Concat([]operation{
		{Method: "GET", Path: "/healthz", Summary: "Alive", Tag: "health", Handler: h.healthz, Answer: statusAnswer{}},
		{Method: "GET", Path: "/readyz", Summary: "Ready: the database answers and the log agrees with the data (503 with code integrity_broken and \"integrity: broken at record N …\" otherwise)", Tag: "health", Handler: h.readyz, Answer: statusAnswer{}, Errors: []int{503}},

		{Method: "GET", Path: "/api/v1/meta", Summary: "Data revision, languages, counts, freshness, provinces", Tag: "public", Handler: h.meta, Answer: models.Meta{}},
		{Method: "GET", Path: "/api/v1/agencies", Summary: "Search agencies by the words of the name in any order (Lao, Thai or Latin letters, a wrong letter forgiven), licence number or phone. Best first; every item has match: exact (found as typed) or close (found only by spelling tolerance, another script, a word's start or a dropped zero: check it against the papers)", Tag: "public", Handler: h.listAgencies,
			Query: []param{qString("q", maxQueryLen, "text to find: part of a name, a licence number or a phone number"),
				qEnum("status", "agency_status", ""), qString("province", 64, "a province code from /api/v1/meta, e.g. Savannakhet"), pLimit, pOffset},
			Answer: listOf[agencyHit]{}, Errors: []int{400}},
		// Before /agencies/{id}, which would take them.
		{Method: "GET", Path: "/api/v1/agencies/export.csv", Summary: "The list as CSV, in the import's format (UTF-8 with BOM)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.exportAgencies, Answer: csvBody{}},
		{Method: "GET", Path: "/api/v1/agencies/deleted", Summary: "Deleted listings, most recently deleted first, with who deleted them and why", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.deletedAgencies, Query: []param{pConsoleLimit, pOffset}, Answer: models.DeletedPage{}, Errors: []int{400}},
		{Method: "GET", Path: "/api/v1/agencies/licence/{licence_no}", FiberPath: "/api/v1/agencies/licence/*",
			Summary: "Look up a licence number (spaces, dashes and case ignored); 404 explains that an agency not on the list must not be trusted", Tag: "public",
			Handler: h.agencyByLicence, Answer: models.AgencyView{}, Errors: []int{400, 404}},
		{Method: "GET", Path: "/api/v1/agencies/{id}", FiberPath: "/api/v1/agencies/:id<int>", Summary: "One listing with its public warnings and status history", Tag: "public",
			Handler: h.getAgency, Answer: models.AgencyView{}, Errors: []int{400, 404}},
		{Method: "GET", Path: "/api/v1/contacts", Summary: "Emergency and help contacts", Tag: "public", Handler: h.listContacts,
			Query:  []param{qEnum("country", "country", ""), qString("province", 64, "a province code"), qString("category", 32, "police, medical, fire, hotline, labour, embassy, ngo, shelter, legal, youth, women")},
			Answer: listOf[models.ContactView]{}, Errors: []int{400}},
		{Method: "GET", Path: "/api/v1/checklist", Summary: "Checklist stages with their items", Tag: "public", Handler: h.checklist, Answer: listOf[models.StageView]{}},
		{Method: "GET", Path: "/api/v1/questions", Summary: "Job-offer red-flag questions", Tag: "public", Handler: h.listQuestions, Answer: listOf[models.QuestionView]{}},
		{Method: "GET", Path: "/api/v1/phrases", Summary: "Phrase cards to show an officer", Tag: "public", Handler: h.listPhrases, Answer: listOf[models.PhraseView]{}},
		{Method: "GET", Path: bundlePath, Summary: "Everything public changed after revision `since` (all without it), deletions included", Tag: "public", Handler: h.bundle,
			Query: []param{qInt("since", 0, 1<<53, "a revision number from an earlier bundle"),
				{Name: "at", Desc: "with since: that bundle's revision_at; if this database did not make that revision at that time (it is another database, or was put back from a copy), the answer is the full bundle",
					Schema: map[string]any{"type": "string", "format": "date-time"}}},
			Answer: models.Bundle{}, Errors: []int{400, 503}},
		{Method: "POST", Path: "/api/v1/reports", Summary: "Report a recruiter (anonymous). An Idempotency-Key header makes a retry return the same receipt (200) instead of a second report", Tag: "public",
			Handler: h.createReport, Before: []fiber.Handler{limitBody(maxReportBody), reportLimit, answerErrorsHere},
			Headers: []param{{Name: "Idempotency-Key", Desc: "8-100 letters, digits, - or _; made once per report on the phone",
				Schema: map[string]any{"type": "string", "pattern": "^[A-Za-z0-9_-]{8,100}$"}}},
			Body: models.ReportInput{}, Answer: receiptAnswer{}, Status: 201, Errors: []int{400, 409, 413, 415, 422, 429}},
		{Method: "GET", Path: "/api/v1/openapi.json", Summary: "This document", Tag: "public", Handler: h.openapi, Answer: map[string]any{}},
		{Method: "GET", Path: "/api/v1/log", Summary: "Records of the public log with seq ≥ from: each the exact canonical JSON that was hashed (record) and its leaf hash (hex SHA-256 of 0x00 ‖ record)", Tag: "log",
			Handler: h.logRecords, Query: []param{qInt("from", 0, 1<<53, "the first record to list (its seq), default 0"), qInt("limit", 1, maxLogPage, "1 to 1000, default 100")},
			Answer: models.LogPage{}, Errors: []int{400}},
		{Method: "GET", Path: "/api/v1/log/checkpoint", Summary: "The log's signed checkpoint (text/plain): a signed note whose text is `<origin>\\n<tree size>\\n<base64 root hash>\\n`", Tag: "log",
			Handler: h.logCheckpoint, Answer: textBody{}},
		{Method: "GET", Path: "/api/v1/log/key", Summary: "The key that signs checkpoints and bundles: the note verifier key string and the raw Ed25519 key (base64)", Tag: "log",
			Handler: h.logKey, Answer: logKeyAnswer{}},
		{Method: "GET", Path: "/api/v1/log/rotations", Summary: "Signing keys announced in the log (paidee rotate-key): each rotation's old and new verifier key and the note signed by both", Tag: "log",
			Handler: h.logRotations, Answer: listOf[models.KeyRotation]{}},
		{Method: "GET", Path: "/api/v1/log/proof", Summary: "Inclusion proof of record seq in the tree of size size (check with tlog.CheckRecord)", Tag: "log",
			Handler: h.logProof, Query: []param{qInt("seq", 0, 1<<53, "a record's seq (0 ≤ seq < size)"), qInt("size", 1, 1<<53, "a tree size (a checkpoint's)")},
			Answer: proofAnswer{}, Errors: []int{400, 422}},
		{Method: "GET", Path: "/api/v1/log/consistency", Summary: "Consistency proof from tree size from to tree size to (check with tlog.CheckTree)", Tag: "log",
			Handler: h.logConsistency, Query: []param{qInt("from", 1, 1<<53, "the older tree size"), qInt("to", 1, 1<<53, "the newer tree size")},
			Answer: proofAnswer{}, Errors: []int{400, 422}},

		// Signed in: Authorization: Bearer <token from /auth/login>.
		{Method: "POST", Path: "/api/v1/auth/login", Summary: "Sign in with e-mail and password: a token (HS256 JWT, 12 h), its expiry and the user. Every failure has the same message; repeated failures per address or account get 429 with Retry-After", Tag: "auth",
			Handler: h.login, Before: []fiber.Handler{small}, Body: loginRequest{}, Answer: loginAnswer{}, Errors: []int{400, 401, 413, 415, 422, 429}},
		{Method: "GET", Path: "/api/v1/auth/me", Summary: "The signed-in user", Tag: "auth", Auth: authSignedIn, Handler: h.me, Answer: models.UserView{}},
		{Method: "POST", Path: "/api/v1/auth/logout", Summary: "End every session of the signed-in user (all tokens issued before stop working)", Tag: "auth", Auth: authSignedIn,
			Handler: h.logout, Answer: noBody{}, Status: 204},
		{Method: "GET", Path: "/api/v1/dashboard", Summary: "Reports waiting, licences expiring within 30 days (Lao time), recent changes", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.dashboard, Answer: models.Dashboard{}},
		{Method: "GET", Path: "/api/v1/proposals", Summary: "Changes that make a listing look safer, waiting for (or decided by) a second person, newest first", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.listProposals, Query: []param{qEnum("status", "proposal_status", ""), qInt("agency_id", 1, 1<<31-1, "only the proposals about this listing"), pLimit, pOffset},
			Answer: models.ProposalPage{}, Errors: []int{400}},
		{Method: "GET", Path: "/api/v1/proposals/{id}", Summary: "One proposal: who, when, what changes from → to, why it needs a second person", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.getProposal, Answer: models.ProposalView{}, Errors: []int{400, 404}},
		{Method: "POST", Path: "/api/v1/proposals/{id}/approve", Summary: "Approve: the change is made public in one transaction (the log records two approvals). The proposer gets 403 same_person; a listing changed since gets 409 and the proposal stays pending", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.approveProposal, Answer: models.ProposalView{}, Errors: []int{400, 404, 409}},
		{Method: "POST", Path: "/api/v1/proposals/{id}/reject", Summary: "Reject (reason required; the proposer may withdraw their own): nothing public changes", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.rejectProposal, Before: []fiber.Handler{small}, Body: rejectRequest{}, Answer: models.ProposalView{}, Errors: []int{400, 404, 409, 413, 415, 422}},
		{Method: "GET", Path: "/api/v1/integrity", Summary: "The outcome of the last check of the log against the data (at start-up or asked by an admin)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.integrity, Answer: models.IntegrityReport{}},
		{Method: "POST", Path: "/api/v1/integrity/check", Summary: "Check the log against the data again, now", Tag: "admin", Auth: models.RoleAdmin,
			Handler: h.recheckIntegrity, Answer: models.IntegrityReport{}},
		{Method: "GET", Path: "/api/v1/audit", Summary: "Every change, newest first", Tag: "console", Auth: models.RoleVerifier, Handler: h.listAudit,
			Query: []param{qEnum("entity", "entity", ""), pConsoleLimit, pOffset}, Answer: models.AuditPage{}, Errors: []int{400}},
		{Method: "POST", Path: "/api/v1/agencies/import", Summary: "Import the official list from CSV (the body, Content-Type: text/csv; header " + csvHeaderDoc + "). dry_run=true (default) reports added, changed, unchanged and invalid rows (by line; the header is line 1) and changes nothing; dry_run=false applies all in one transaction, or nothing if any row is invalid (422 with the same report). Max 20,000 rows", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.importAgencies, Before: []fiber.Handler{limitBody(maxBody)},
			Query: []param{{Name: "dry_run", Desc: "true (default): only report what would change; false: apply", Schema: map[string]any{"type": "boolean"}}},
			Body:  csvBody{}, Answer: models.ImportReport{}, Errors: []int{400, 413, 415, 422}, Proposal: proposedImportAnswer{}},
		{Method: "POST", Path: "/api/v1/agencies", Summary: "Add a listing (reason optional: the first step of its public history)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.createAgency, Before: []fiber.Handler{small}, Body: models.AgencyCreate{}, Answer: models.AgencyView{}, Status: 201, Errors: errsCreate, Proposal: proposedAnswer{}},
		{Method: "PATCH", Path: "/api/v1/agencies/{id}", Summary: "Change a listing. Send the version it was based on: a stale version gets 409 with the current listing in error.current and nothing is saved. A status change needs a public reason (evidence_ref optional, internal)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.patchAgency, Before: []fiber.Handler{small}, Body: models.AgencyPatch{}, Answer: models.AgencyView{}, Errors: errsPatch, Proposal: proposedAnswer{}},
		{Method: "DELETE", Path: "/api/v1/agencies/{id}", Summary: "Remove a listing from the public list (soft delete, with a reason; phones drop it at their next sync)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.deleteAgency, Before: []fiber.Handler{small}, Body: models.AgencyDelete{}, Answer: noBody{}, Status: 204, Errors: []int{400, 404, 409, 415, 422}, Proposal: proposedAnswer{}},
		{Method: "POST", Path: "/api/v1/agencies/{id}/restore", Summary: "Put a deleted listing back on the public list as it was, with a reason (phones get it at their next sync)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.restoreAgency, Before: []fiber.Handler{small}, Body: models.AgencyRestore{}, Answer: models.AgencyView{}, Errors: errsPatch, Proposal: proposedAnswer{}},
		{Method: "GET", Path: "/api/v1/agencies/{id}/history", Summary: "The audit trail of one listing, newest first", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.agencyHistory, Query: []param{pConsoleLimit, pOffset}, Answer: models.AuditPage{}, Errors: []int{400}},

		{Method: "GET", Path: "/api/v1/reports", Summary: "Worker reports, newest first", Tag: "console", Auth: models.RoleVerifier, Handler: h.listReports,
			Query: []param{qEnum("status", "report_status", ""), pConsoleLimit, pOffset}, Answer: models.ReportPage{}, Errors: []int{400}},
		{Method: "GET", Path: "/api/v1/reports/{id}", Summary: "One worker report, with everything the worker typed (never public)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.getReport, Answer: models.ReportView{}, Errors: []int{400, 404}},
		{Method: "PATCH", Path: "/api/v1/reports/{id}", Summary: "Triage: new → reviewing | dismissed; reviewing → upheld | dismissed; upheld | dismissed → reviewing. Upholding needs agency_id and makes a public warning on that agency (date and what happened only)", Tag: "console", Auth: models.RoleVerifier,
			Handler: h.patchReport, Before: []fiber.Handler{small}, Body: models.ReportPatch{}, Answer: models.ReportView{}, Errors: []int{400, 404, 413, 415, 422}, Proposal: proposedAnswer{}},

		{Method: "GET", Path: "/api/v1/users", Summary: "Accounts", Tag: "admin", Auth: models.RoleAdmin, Handler: h.listUsers, Answer: listOf[models.UserView]{}},
		{Method: "POST", Path: "/api/v1/users", Summary: "Add an account (password: at least 10 characters, not the e-mail)", Tag: "admin", Auth: models.RoleAdmin,
			Handler: h.createUser, Before: []fiber.Handler{small}, Body: models.UserCreate{}, Answer: models.UserView{}, Status: 201, Errors: errsCreate},
		{Method: "PATCH", Path: "/api/v1/users/{id}", Summary: "Change name, role, active or password; a role change, deactivation or password reset ends the user's sessions. The last active admin cannot be demoted or deactivated", Tag: "admin", Auth: models.RoleAdmin,
			Handler: h.patchUser, Before: []fiber.Handler{small}, Body: models.UserPatch{}, Answer: models.UserView{}, Errors: []int{400, 404, 413, 415, 422}},
	}, contentRows(small,
		contentKind{Path: "/api/v1/contacts", Input: models.ContactInput{}, View: models.ContactView{},
			Create: h.createContact, Patch: h.patchContact, Delete: h.deleteContact,
			CreateDoc: "Add a contact", PatchDoc: "Change a contact (fields left out keep their value)", DeleteDoc: "Delete a contact"},
		contentKind{Path: "/api/v1/checklist/items", Input: models.ItemInput{}, View: models.ItemView{},
			Create: h.createItem, Patch: h.patchItem, Delete: h.deleteItem,
			CreateDoc: "Add a checklist item to a stage", PatchDoc: "Change a checklist item (its stage is re-sent in the next bundle)", DeleteDoc: "Delete a checklist item"},
		contentKind{Path: "/api/v1/questions", Input: models.QuestionInput{}, View: models.QuestionView{},
			Create: h.createQuestion, Patch: h.patchQuestion, Delete: h.deleteQuestion,
			CreateDoc: "Add a red-flag question", PatchDoc: "Change a red-flag question", DeleteDoc: "Delete a red-flag question"},
		contentKind{Path: "/api/v1/phrases", Input: models.PhraseInput{}, View: models.PhraseView{},
			Create: h.createPhrase, Patch: h.patchPhrase, Delete: h.deletePhrase,
			CreateDoc: "Add a phrase card", PatchDoc: "Change a phrase card", DeleteDoc: "Delete a phrase card"},
	), []operation{
		// Cost items: the official costs the "Check the costs" screen compares against.
		{Method: "GET", Path: "/api/v1/costs", Summary: "Official costs of going to work in Thailand under the MOU: amount (null where no figure is confirmed), currency, who pays, the period it holds, source and check date", Tag: "public",
			Handler: h.listCostItems, Answer: listOf[models.CostItemView]{}},
	}, contentRows(small,
		contentKind{Path: "/api/v1/costs", Input: models.CostItemInput{}, View: models.CostItemView{},
			Create: h.createCostItem, Patch: h.patchCostItem, Delete: h.deleteCostItem,
			CreateDoc: "Add a cost item", PatchDoc: "Change a cost item (fields left out keep their value; amount null: no confirmed figure)", DeleteDoc: "Delete a cost item"},
	), []operation{
		// Status-history reasons in three languages (#8).
		{Method: "GET", Path: "/api/v1/status-reasons", Summary: "The standard sentences a licence status change's public reason starts with, in Lao, Thai and English, each with the change it fits (to; from: empty for any). A status change sends one as reason_code (default: the first that fits) and the reference as reason (the same in every language) or reason_note ({lo,th,en})", Tag: "public",
			Handler: h.statusReasons, Answer: listOf[models.StatusReason]{}},

		// Voice clips (clip_handlers.go).
		{Method: "GET", Path: "/api/v1/clips", Summary: "The references of every voice clip (also in the bundle): which text, language, SHA-256, size, length, Content-Type", Tag: "public",
			Handler: h.listClips, Answer: listOf[models.ClipView]{}},
		{Method: "GET", Path: "/api/v1/clips/{hash}", Summary: "A clip's recording by its SHA-256: the same bytes forever (Cache-Control: public, max-age=31536000, immutable), with ETag and Range (206, 416)", Tag: "public",
			Handler: h.clipAudio, Headers: []param{{Name: "Range", Desc: "one range of bytes, e.g. bytes=0- or bytes=1000-1999", Schema: map[string]any{"type": "string", "maxLength": 100}}},
			Answer: clipAudioAnswer{}, Errors: []int{400, 404, 416}},
		{Method: "PUT", Path: "/api/v1/clips/{target}/{lang}", Summary: "Record (or replace) the clip of a text in a language: the body is the recording itself, Opus in Ogg or WebM, MP3, or AAC in MP4/M4A, at most 1 MB and 60 s, recognised by its bytes (415 for anything else, 422 for a damaged or too long one). target: item:ID, question:ID (with its explanation), phrase:ID (lo: the Lao meaning, th: the Thai sentence) or verdict:NAME. 201 for a first clip, 200 for a replacement", Tag: "admin", Auth: models.RoleAdmin,
			Handler: h.putClip, Before: []fiber.Handler{limitBody(models.MaxClipBytes)}, Query: []param{qInt("revision", 0, 1<<31-1, "optional: the revision of the clip you replace; if it has changed since, 409 and nothing saved")},
			Body: clipAudioBody{}, Answer: models.ClipView{}, Errors: []int{400, 404, 409, 413, 415, 422}},
		{Method: "DELETE", Path: "/api/v1/clips/{target}/{lang}", Summary: "Delete the clip of a text in a language (phones drop it at their next sync)", Tag: "admin", Auth: models.RoleAdmin,
			Handler: h.deleteClip, Query: []param{pRevision}, Answer: noBody{}, Status: 204, Errors: []int{400, 404, 409, 422}},
	})
}

// contentKind is one kind of content an admin edits through the generic
// create/patch/delete handlers (content_handlers.go): its collection path,
// its input and view types, its three handlers and their summaries.
type contentKind struct {
	Path                           string // the collection: POST here, PATCH and DELETE at Path/{id}
	Input, View                    any
	Create, Patch, Delete          fiber.Handler
	CreateDoc, PatchDoc, DeleteDoc string
}

// contentRows are the write rows of each kind, in order: POST, PATCH,
// DELETE (with ?revision). Every one is admin-only with the small body limit.
func contentRows(small fiber.Handler, kinds ...contentKind) []operation {
	var ops []operation
	for _, k := range kinds {
		ops = append(ops,
			operation{Method: "POST", Path: k.Path, Summary: k.CreateDoc, Tag: "admin", Auth: models.RoleAdmin,
				Handler: k.Create, Before: []fiber.Handler{small}, Body: k.Input, Answer: k.View, Status: 201, Errors: errsCreate},
			operation{Method: "PATCH", Path: k.Path + "/{id}", Summary: k.PatchDoc, Tag: "admin", Auth: models.RoleAdmin,
				Handler: k.Patch, Before: []fiber.Handler{small}, Body: k.Input, Answer: k.View, Errors: errsPatch},
			operation{Method: "DELETE", Path: k.Path + "/{id}", Summary: k.DeleteDoc, Tag: "admin", Auth: models.RoleAdmin,
				Handler: k.Delete, Query: []param{pRevision}, Answer: noBody{}, Status: 204, Errors: errsDelete})
	}
	return ops
}

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// fiberPath is the router's form of an operation's path.
func (op *operation) fiberPath() string {
	if op.FiberPath != "" {
		return op.FiberPath
	}
	return pathParamRE.ReplaceAllString(op.Path, ":$1")
}

// register adds every operation to the app, each behind its role check.
func (h *handlers) register(app *fiber.App, ops []operation) {
	roles := map[string]fiber.Handler{
		authSignedIn:        h.requireRole(""),
		models.RoleVerifier: h.requireRole(models.RoleVerifier),
		models.RoleAdmin:    h.requireRole(models.RoleAdmin),
	}
	for _, op := range ops {
		var chain []fiber.Handler
		if op.Auth != "" {
			chain = append(chain, roles[op.Auth])
		}
		for _, b := range op.Before {
			if b != nil {
				chain = append(chain, b)
			}
		}
		chain = append(chain, op.Handler)
		app.Add(op.Method, op.fiberPath(), chain...)
		if op.Method == "GET" && op.Path == "/api/v1/agencies/{id}" {
			// Not a number: the same 400 as any bad id, not the PWA's page.
			// (Add, not Get: Get would answer HEAD with this 400 too.)
			app.Add("GET", "/api/v1/agencies/:id", h.badAgencyID)
		}
	}
}

// answerJSON is what a JSON answer type is, for the document: the marker
// types are not JSON.
func answerJSON(v any) bool {
	switch v.(type) {
	case noBody, csvBody, textBody, clipAudioAnswer, nil:
		return false
	}
	return true
}
