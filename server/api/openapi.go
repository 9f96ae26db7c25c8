package api

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// operation describes one route for the OpenAPI document. The table below
// is the single description of the API; a test checks that it and the
// router list the same routes.
type operation struct {
	Method, Path, Summary string
	Tag                   string
	Auth                  string   // "" (anyone), "signed-in" (any role), "verifier" (verifier or admin), "admin"
	Query                 []string // query parameter names
	Body                  string   // schema name of a JSON body, or "csv"
	Response              string   // schema name of the 2xx answer
	Status                int      // success status (200 if 0)
	Errors                []int
	// Proposes: a change that makes a listing look safer answers 202 with
	// {"proposal": …} instead, and nothing public changes until a second
	// person approves it.
	Proposes bool
}

var operations = []operation{
	{Method: "GET", Path: "/healthz", Summary: "Alive", Tag: "health", Response: "Status"},
	{Method: "GET", Path: "/readyz", Summary: "Ready: the database answers and the log agrees with the data (503 with code integrity_broken and \"integrity: broken at record N …\" otherwise)", Tag: "health", Response: "Status", Errors: []int{503}},
	{Method: "GET", Path: "/api/v1/meta", Summary: "Data revision, languages, counts, freshness, provinces", Tag: "public", Response: "Meta"},
	{Method: "GET", Path: "/api/v1/agencies", Summary: "Search agencies by name (Lao or Latin), licence number or phone", Tag: "public",
		Query: []string{"q", "status", "province", "limit", "offset"}, Response: "AgencyList", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/agencies/{id}", Summary: "One listing with its public warnings and status history", Tag: "public", Response: "Agency", Errors: []int{400, 404}},
	{Method: "GET", Path: "/api/v1/agencies/licence/{licence_no}", Summary: "Look up a licence number (spaces, dashes and case ignored); 404 explains that an agency not on the list must not be trusted", Tag: "public", Response: "Agency", Errors: []int{400, 404}},
	{Method: "GET", Path: "/api/v1/contacts", Summary: "Emergency and help contacts", Tag: "public", Query: []string{"country", "province", "category"}, Response: "ContactList", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/checklist", Summary: "Checklist stages with their items", Tag: "public", Response: "StageList"},
	{Method: "GET", Path: "/api/v1/questions", Summary: "Job-offer red-flag questions", Tag: "public", Response: "QuestionList"},
	{Method: "GET", Path: "/api/v1/phrases", Summary: "Phrase cards to show an officer", Tag: "public", Response: "PhraseList"},
	{Method: "GET", Path: "/api/v1/bundle", Summary: "Everything public changed after revision `since` (all without it), deletions included", Tag: "public", Query: []string{"since", "at"}, Response: "Bundle", Errors: []int{400}},
	{Method: "POST", Path: "/api/v1/reports", Summary: "Report a recruiter (anonymous). An Idempotency-Key header makes a retry return the same receipt (200) instead of a second report", Tag: "public",
		Body: "ReportInput", Response: "Receipt", Status: 201, Errors: []int{400, 409, 413, 415, 422, 429}},
	{Method: "GET", Path: "/api/v1/openapi.json", Summary: "This document", Tag: "public", Response: "Object"},
	{Method: "GET", Path: "/api/v1/log", Summary: "Records of the public log with seq ≥ from: each the exact canonical JSON that was hashed (record) and its leaf hash (hex SHA-256 of 0x00 ‖ record)", Tag: "log",
		Query: []string{"from", "log_limit"}, Response: "LogPage", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/log/checkpoint", Summary: "The log's signed checkpoint (text/plain): a signed note whose text is `<origin>\n<tree size>\n<base64 root hash>\n`", Tag: "log", Response: "Checkpoint"},
	{Method: "GET", Path: "/api/v1/log/key", Summary: "The key that signs checkpoints and bundles: the note verifier key string and the raw Ed25519 key (base64)", Tag: "log", Response: "LogKey"},
	{Method: "GET", Path: "/api/v1/log/rotations", Summary: "Signing keys announced in the log (paidee rotate-key): each rotation's old and new verifier key and the note signed by both", Tag: "log", Response: "RotationList"},
	{Method: "GET", Path: "/api/v1/log/proof", Summary: "Inclusion proof of record seq in the tree of size size (check with tlog.CheckRecord)", Tag: "log", Query: []string{"seq", "size"}, Response: "Proof", Errors: []int{400, 422}},
	{Method: "GET", Path: "/api/v1/log/consistency", Summary: "Consistency proof from tree size from to tree size to (check with tlog.CheckTree)", Tag: "log", Query: []string{"from", "to"}, Response: "Proof", Errors: []int{400, 422}},

	// Signed in: Authorization: Bearer <token from /auth/login>.
	{Method: "POST", Path: "/api/v1/auth/login", Summary: "Sign in with e-mail and password: a token (HS256 JWT, 12 h), its expiry and the user. Every failure has the same message; repeated failures per address or account get 429 with Retry-After", Tag: "auth",
		Body: "Login", Response: "LoginAnswer", Errors: []int{400, 401, 413, 415, 422, 429}},
	{Method: "GET", Path: "/api/v1/auth/me", Summary: "The signed-in user", Tag: "auth", Auth: "signed-in", Response: "User"},
	{Method: "POST", Path: "/api/v1/auth/logout", Summary: "End every session of the signed-in user (all tokens issued before stop working)", Tag: "auth", Auth: "signed-in", Response: "Empty", Status: 204},
	{Method: "GET", Path: "/api/v1/dashboard", Summary: "Reports waiting, licences expiring within 30 days (Lao time), recent changes", Tag: "console", Auth: "verifier", Response: "Dashboard"},
	{Method: "GET", Path: "/api/v1/proposals", Summary: "Changes that make a listing look safer, waiting for (or decided by) a second person, newest first", Tag: "console", Auth: "verifier",
		Query: []string{"proposal_status", "agency_id", "limit", "offset"}, Response: "ProposalList", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/proposals/{id}", Summary: "One proposal: who, when, what changes from → to, why it needs a second person", Tag: "console", Auth: "verifier", Response: "Proposal", Errors: []int{400, 404}},
	{Method: "POST", Path: "/api/v1/proposals/{id}/approve", Summary: "Approve: the change is made public in one transaction (the log records two approvals). The proposer gets 403 same_person; a listing changed since gets 409 and the proposal stays pending", Tag: "console", Auth: "verifier",
		Response: "Proposal", Errors: []int{400, 404, 409}},
	{Method: "POST", Path: "/api/v1/proposals/{id}/reject", Summary: "Reject (reason required; the proposer may withdraw their own): nothing public changes", Tag: "console", Auth: "verifier",
		Body: "ProposalReject", Response: "Proposal", Errors: []int{400, 404, 409, 413, 415, 422}},
	{Method: "GET", Path: "/api/v1/integrity", Summary: "The outcome of the last check of the log against the data (at start-up or asked by an admin)", Tag: "console", Auth: "verifier", Response: "Integrity"},
	{Method: "POST", Path: "/api/v1/integrity/check", Summary: "Check the log against the data again, now", Tag: "admin", Auth: "admin", Response: "Integrity"},
	{Method: "GET", Path: "/api/v1/audit", Summary: "Every change, newest first", Tag: "console", Auth: "verifier", Query: []string{"entity", "limit", "offset"}, Response: "AuditList", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/agencies/export.csv", Summary: "The list as CSV, in the import's format (UTF-8 with BOM)", Tag: "console", Auth: "verifier", Response: "CSV"},
	{Method: "POST", Path: "/api/v1/agencies/import", Summary: "Import the official list from CSV (the body, Content-Type: text/csv; header " + csvHeaderDoc + "). dry_run=true (default) reports added, changed, unchanged and invalid rows (by line; the header is line 1) and changes nothing; dry_run=false applies all in one transaction, or nothing if any row is invalid (422 with the same report). Max 20,000 rows", Tag: "console", Auth: "verifier",
		Query: []string{"dry_run"}, Body: "csv", Response: "ImportReport", Errors: []int{400, 413, 415, 422}, Proposes: true},
	{Method: "POST", Path: "/api/v1/agencies", Summary: "Add a listing (reason optional: the first step of its public history)", Tag: "console", Auth: "verifier", Body: "AgencyCreate", Response: "Agency", Status: 201, Errors: []int{400, 409, 413, 415, 422}, Proposes: true},
	{Method: "PATCH", Path: "/api/v1/agencies/{id}", Summary: "Change a listing. Send the version it was based on: a stale version gets 409 with the current listing in error.current and nothing is saved. A status change needs a public reason (evidence_ref optional, internal)", Tag: "console", Auth: "verifier",
		Body: "AgencyPatch", Response: "Agency", Errors: []int{400, 404, 409, 413, 415, 422}, Proposes: true},
	{Method: "DELETE", Path: "/api/v1/agencies/{id}", Summary: "Remove a listing from the public list (soft delete, with a reason; phones drop it at their next sync)", Tag: "console", Auth: "verifier",
		Body: "AgencyDelete", Response: "Empty", Status: 204, Errors: []int{400, 404, 409, 415, 422}, Proposes: true},
	{Method: "GET", Path: "/api/v1/agencies/deleted", Summary: "Deleted listings, most recently deleted first, with who deleted them and why", Tag: "console", Auth: "verifier", Query: []string{"limit", "offset"}, Response: "DeletedList", Errors: []int{400}},
	{Method: "POST", Path: "/api/v1/agencies/{id}/restore", Summary: "Put a deleted listing back on the public list as it was, with a reason (phones get it at their next sync)", Tag: "console", Auth: "verifier",
		Body: "AgencyRestore", Response: "Agency", Errors: []int{400, 404, 409, 413, 415, 422}, Proposes: true},
	{Method: "GET", Path: "/api/v1/agencies/{id}/history", Summary: "The audit trail of one listing, newest first", Tag: "console", Auth: "verifier", Query: []string{"limit", "offset"}, Response: "AuditList", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/reports", Summary: "Worker reports, newest first", Tag: "console", Auth: "verifier", Query: []string{"report_status", "limit", "offset"}, Response: "ReportList", Errors: []int{400}},
	{Method: "GET", Path: "/api/v1/reports/{id}", Summary: "One worker report, with everything the worker typed (never public)", Tag: "console", Auth: "verifier", Response: "Report", Errors: []int{400, 404}},
	{Method: "PATCH", Path: "/api/v1/reports/{id}", Summary: "Triage: new → reviewing | dismissed; reviewing → upheld | dismissed; upheld | dismissed → reviewing. Upholding needs agency_id and makes a public warning on that agency (date and what happened only)", Tag: "console", Auth: "verifier",
		Body: "ReportPatch", Response: "Report", Errors: []int{400, 404, 413, 415, 422}, Proposes: true},
	{Method: "GET", Path: "/api/v1/users", Summary: "Accounts", Tag: "admin", Auth: "admin", Response: "UserList"},
	{Method: "POST", Path: "/api/v1/users", Summary: "Add an account (password: at least 10 characters, not the e-mail)", Tag: "admin", Auth: "admin", Body: "UserCreate", Response: "User", Status: 201, Errors: []int{400, 409, 413, 415, 422}},
	{Method: "PATCH", Path: "/api/v1/users/{id}", Summary: "Change name, role, active or password; a role change, deactivation or password reset ends the user's sessions. The last active admin cannot be demoted or deactivated", Tag: "admin", Auth: "admin",
		Body: "UserPatch", Response: "User", Errors: []int{400, 404, 413, 415, 422}},
	{Method: "POST", Path: "/api/v1/contacts", Summary: "Add a contact", Tag: "admin", Auth: "admin", Body: "ContactInput", Response: "Contact", Status: 201, Errors: []int{400, 409, 413, 415, 422}},
	{Method: "PATCH", Path: "/api/v1/contacts/{id}", Summary: "Change a contact (fields left out keep their value)", Tag: "admin", Auth: "admin", Body: "ContactInput", Response: "Contact", Errors: []int{400, 404, 409, 413, 415, 422}},
	{Method: "DELETE", Path: "/api/v1/contacts/{id}", Summary: "Delete a contact", Tag: "admin", Auth: "admin", Query: []string{"revision"}, Response: "Empty", Status: 204, Errors: []int{400, 404, 409}},
	{Method: "POST", Path: "/api/v1/checklist/items", Summary: "Add a checklist item to a stage", Tag: "admin", Auth: "admin", Body: "ItemInput", Response: "Item", Status: 201, Errors: []int{400, 409, 413, 415, 422}},
	{Method: "PATCH", Path: "/api/v1/checklist/items/{id}", Summary: "Change a checklist item (its stage is re-sent in the next bundle)", Tag: "admin", Auth: "admin", Body: "ItemInput", Response: "Item", Errors: []int{400, 404, 409, 413, 415, 422}},
	{Method: "DELETE", Path: "/api/v1/checklist/items/{id}", Summary: "Delete a checklist item", Tag: "admin", Auth: "admin", Query: []string{"revision"}, Response: "Empty", Status: 204, Errors: []int{400, 404, 409}},
	{Method: "POST", Path: "/api/v1/questions", Summary: "Add a red-flag question", Tag: "admin", Auth: "admin", Body: "QuestionInput", Response: "Question", Status: 201, Errors: []int{400, 409, 413, 415, 422}},
	{Method: "PATCH", Path: "/api/v1/questions/{id}", Summary: "Change a red-flag question", Tag: "admin", Auth: "admin", Body: "QuestionInput", Response: "Question", Errors: []int{400, 404, 409, 413, 415, 422}},
	{Method: "DELETE", Path: "/api/v1/questions/{id}", Summary: "Delete a red-flag question", Tag: "admin", Auth: "admin", Query: []string{"revision"}, Response: "Empty", Status: 204, Errors: []int{400, 404, 409}},
	{Method: "POST", Path: "/api/v1/phrases", Summary: "Add a phrase card", Tag: "admin", Auth: "admin", Body: "PhraseInput", Response: "Phrase", Status: 201, Errors: []int{400, 409, 413, 415, 422}},
	{Method: "PATCH", Path: "/api/v1/phrases/{id}", Summary: "Change a phrase card", Tag: "admin", Auth: "admin", Body: "PhraseInput", Response: "Phrase", Errors: []int{400, 404, 409, 413, 415, 422}},
	{Method: "DELETE", Path: "/api/v1/phrases/{id}", Summary: "Delete a phrase card", Tag: "admin", Auth: "admin", Query: []string{"revision"}, Response: "Empty", Status: 204, Errors: []int{400, 404, 409}},
}

const csvHeaderDoc = "licence_no,name_lo,name_en,province,district,phones,sectors,status,licence_issued,licence_expires,public_notes_lo,public_notes_th,public_notes_en,reason"

var queryDocs = map[string]string{
	"revision":  "optional: the revision of the record you saw; if it has changed since, 409 with the current record in error.current and nothing deleted",
	"q":         "text to find: part of a name, a licence number or a phone number (max 100 characters)",
	"status":    "licensed, suspended, revoked, expired or illegal",
	"province":  "a province code from /api/v1/meta, e.g. Savannakhet",
	"limit":     "1 to 100, default 20",
	"offset":    "0 or more, default 0",
	"country":   "TH or LA",
	"category":  "police, medical, fire, hotline, labour, embassy, ngo, shelter, legal, youth, women",
	"since":     "a revision number from an earlier bundle",
	"at":        "with since: that bundle's revision_at; if this database did not make that revision at that time (it is another database, or was put back from a copy), the answer is the full bundle",
	"entity":    "agency, report, user, contact, checklist_item, question or phrase",
	"dry_run":   "true (default): only report what would change; false: apply",
	"from":      "the first record to list (its seq), default 0; with to: a tree size",
	"to":        "a tree size, larger than or equal to from",
	"log_limit": "1 to 1000, default 100",
	"seq":       "a record's seq (0 ≤ seq < size)",
	"agency_id": "only the proposals about this listing",
	// proposal_status documents the proposals list's status= parameter.
	"proposal_status": "pending, approved or rejected",
	"size":            "a tree size (a checkpoint's)",
	// report_status documents the reports list's status= parameter.
	"report_status": "new, reviewing, upheld or dismissed",
}

// schemas are kept short: the field lists a client relies on.
var schemas = map[string]any{
	"Status": obj("status"),
	"Object": map[string]any{"type": "object"},
	"Text":   map[string]any{"type": "object", "properties": props("lo", "th", "en")},
	"Error": map[string]any{"type": "object", "properties": map[string]any{"error": map[string]any{
		"type": "object", "required": []string{"code", "message"},
		"properties": map[string]any{
			"code": str(), "message": str(), "request_id": str(),
			"fields":  map[string]any{"type": "object", "additionalProperties": str()},
			"current": map[string]any{"type": "object", "description": "the current record, on a version conflict"},
		}}}},
	"Meta": obj("dataset", "revision", "languages", "counts", "agencies_by_status", "data_updated_at", "provinces", "report_what"),
	"Agency": obj("id", "licence_no", "name_lo", "name_en", "province", "district", "phones", "sectors", "status",
		"licence_issued", "licence_expires", "last_verified_at", "public_notes", "warnings", "status_history", "demo", "version", "revision", "updated_at"),
	"Contact": obj("id", "country", "province", "category", "name", "notes", "phones", "line_id", "hours", "languages",
		"source_url", "checked_on", "check", "confidence", "position", "featured", "revision"),
	"Stage":        obj("id", "key", "position", "title", "items", "revision"),
	"Question":     obj("id", "key", "position", "text", "weight", "explanation", "sources", "revision"),
	"Phrase":       obj("id", "key", "position", "category", "text", "revision"),
	"AgencyList":   list("Agency"),
	"ContactList":  list("Contact"),
	"StageList":    list("Stage"),
	"QuestionList": list("Question"),
	"PhraseList":   list("Phrase"),
	"Bundle": obj("dataset", "revision", "revision_at", "since", "full", "data_updated_at", "agencies", "contacts", "checklist",
		"questions", "phrases", "provinces", "report_what", "deleted", "log_size", "log_root", "two_person", "agency_log"),
	"Proposal": obj("id", "kind", "entity", "entity_id", "label", "changes", "why", "base", "proposed_by", "proposer_email",
		"status", "decided_by", "decider_email", "decided_at", "reason", "created_at"),
	"ProposalList":   list("Proposal"),
	"ProposalReject": obj("reason"),
	"Proposed":       obj("proposal"),
	"LogPage":        list("LogItem"),
	"LogItem":        obj("seq", "record", "hash"),
	"Checkpoint":     str(),
	"LogKey":         obj("verifier", "public_key", "key_id", "origin"),
	"Proof":          obj("hashes"),
	"Integrity":      obj("ok", "size", "checked_at", "broken"),
	"ReportInput":    obj("agency_id", "agency_name", "agency_phone", "licence_no", "province", "what", "details", "lang"),
	"Receipt":        obj("receipt"),
	"Empty":          map[string]any{"description": "no body"},
	"CSV":            str(),
	"Login":          obj("email", "password"),
	"LoginAnswer":    obj("token", "expires_at", "user"),
	"User":           obj("id", "email", "name", "role", "active", "created_at", "updated_at"),
	"UserList":       list("User"),
	"UserCreate":     obj("email", "name", "role", "password"),
	"UserPatch":      obj("name", "role", "active", "password"),
	"Dashboard":      obj("today", "reports", "reports_waiting", "expiring", "expiring_until", "recent", "recheck", "recheck_before"),
	"AuditEntry":     obj("id", "at", "user_id", "user_email", "entity", "entity_id", "action", "changes", "reason", "evidence_ref"),
	"AuditList":      list("AuditEntry"),
	"AgencyCreate": obj("licence_no", "name_lo", "name_en", "province", "district", "phones", "sectors", "status",
		"licence_issued", "licence_expires", "public_notes", "reason", "evidence_ref"),
	"AgencyPatch": obj("version", "licence_no", "name_lo", "name_en", "province", "district", "phones", "sectors", "status",
		"licence_issued", "licence_expires", "public_notes", "reason", "evidence_ref"),
	"AgencyDelete":  obj("reason", "evidence_ref", "version"),
	"AgencyRestore": obj("reason", "evidence_ref"),
	"DeletedAgency": obj("id", "licence_no", "name_lo", "name_en", "province", "status", "demo", "deleted_at", "deleted_by", "reason"),
	"DeletedList":   list("DeletedAgency"),
	"ImportReport":  obj("added", "changed", "unchanged", "invalid", "rows", "applied", "not_in_file", "not_in_file_total"),
	"Report": obj("id", "receipt", "status", "moves", "agency_id", "agency", "agency_name", "agency_phone", "licence_no",
		"province", "what", "details", "lang", "review_note", "reviewed_by", "decided_at", "created_at", "updated_at"),
	"ReportList":  list("Report"),
	"ReportPatch": obj("status", "note", "agency_id"),
	"ContactInput": obj("revision", "key", "country", "province", "category", "name", "notes", "phones", "line_id", "hours", "languages",
		"source_url", "checked_on", "check", "confidence", "position", "featured"),
	"Item":          obj("id", "key", "position", "title", "why", "how", "icon", "critical", "sources", "revision"),
	"ItemInput":     obj("revision", "stage_id", "key", "position", "title", "why", "how", "icon", "critical", "sources"),
	"QuestionInput": obj("revision", "key", "position", "text", "weight", "explanation", "sources"),
	"PhraseInput":   obj("revision", "key", "position", "category", "text"),
}

func str() map[string]any { return map[string]any{"type": "string"} }

func props(names ...string) map[string]any {
	p := map[string]any{}
	for _, n := range names {
		p[n] = map[string]any{}
	}
	return p
}

func obj(names ...string) map[string]any {
	return map[string]any{"type": "object", "properties": props(names...)}
}

func list(item string) map[string]any {
	return map[string]any{"type": "object", "required": []string{"items", "total"}, "properties": map[string]any{
		"items": map[string]any{"type": "array", "items": ref(item)},
		"total": map[string]any{"type": "integer"},
	}}
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// openAPIDocument builds the OpenAPI 3 document from the operation table.
func openAPIDocument() ([]byte, error) {
	paths := map[string]map[string]any{}
	for _, op := range operations {
		item := paths[op.Path]
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		var params []any
		for _, seg := range strings.Split(op.Path, "/") {
			if strings.HasPrefix(seg, "{") {
				name := strings.Trim(seg, "{}")
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": str()})
			}
		}
		for _, q := range op.Query {
			name := q
			switch q {
			case "report_status":
				name = "status"
			case "log_limit":
				name = "limit"
			case "proposal_status":
				name = "status"
			}
			params = append(params, map[string]any{"name": name, "in": "query", "description": queryDocs[q], "schema": str()})
		}
		if op.Path == "/api/v1/reports" && op.Method == "POST" {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header",
				"description": "8-100 letters, digits, - or _; made once per report on the phone", "schema": str()})
		}
		status := op.Status
		if status == 0 {
			status = 200
		}
		responses := map[string]any{itoa(status): map[string]any{"description": "OK",
			"content": map[string]any{"application/json": map[string]any{"schema": ref(op.Response)}}}}
		switch op.Response {
		case "Empty":
			responses[itoa(status)] = map[string]any{"description": "done, no body"}
		case "CSV":
			responses[itoa(status)] = map[string]any{"description": "OK",
				"content": map[string]any{"text/csv": map[string]any{"schema": str()}}}
		case "Checkpoint":
			responses[itoa(status)] = map[string]any{"description": "OK",
				"content": map[string]any{"text/plain": map[string]any{"schema": str()}}}
		}
		if op.Proposes {
			responses["202"] = map[string]any{"description": "accepted as a proposal: it makes a listing look safer, so nothing public changes until a different verifier or admin approves it (POST /api/v1/proposals/{id}/approve)",
				"content": map[string]any{"application/json": map[string]any{"schema": ref("Proposed")}}}
		}
		errs := append([]int{}, op.Errors...)
		if op.Auth != "" {
			errs = append(errs, 401)
			if op.Auth != "signed-in" {
				errs = append(errs, 403)
			}
		}
		errs = append(errs, 500)
		for _, e := range errs {
			responses[itoa(e)] = map[string]any{"description": "error",
				"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
		}
		o := map[string]any{"summary": op.Summary, "tags": []string{op.Tag}, "responses": responses}
		if len(params) > 0 {
			o["parameters"] = params
		}
		switch op.Body {
		case "":
		case "csv":
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"text/csv": map[string]any{"schema": str()}}}
		default:
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(op.Body)}}}
		}
		if op.Auth != "" {
			o["security"] = []any{map[string]any{"bearer": []string{}}}
			o["x-role"] = op.Auth
		}
		item[strings.ToLower(op.Method)] = o
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Pai Dee Ma Dee API", "version": "1",
			"description": "Safe migration from Laos to Thailand: checklist, agency verification, emergency contacts. Errors always have the Error shape."},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
	return json.MarshalIndent(doc, "", " ")
}

// documentedRoutes lists "METHOD path" for every operation, in Fiber's path
// syntax, for the test that compares the table with the router.
func documentedRoutes() []string {
	var out []string
	for _, op := range operations {
		out = append(out, op.Method+" "+op.Path)
	}
	sort.Strings(out)
	return out
}

func (h *handlers) openapi(c *fiber.Ctx) error {
	doc, err := openAPIDocument()
	if err != nil {
		return err
	}
	return sendJSON(c, doc)
}
