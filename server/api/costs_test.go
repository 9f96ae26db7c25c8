package api

import (
	"encoding/json"
	"strings"
	"testing"

	"paidee/models"
)

const costBody = `{"key":"cost-test","title":{"lo":"ຄ່າທົດລອງ","th":"ค่าทดลอง","en":"Test fee"},` +
	`"note":{"lo":"ໝາຍເຫດ","th":"หมายเหตุ","en":"A note"},"amount":700,"currency":"THB","payer":"worker",` +
	`"confidence":"verified","valid_from":"2026-01-01","valid_to":"2026-12-31",` +
	`"source_url":"https://example.org/fees","checked_on":"2026-12-01"}`

// withField replaces (or adds) one field of costBody.
func withField(t *testing.T, field, raw string) string {
	t.Helper()
	return withFieldOf(t, costBody, field, raw)
}

func withFieldOf(t *testing.T, body, field, raw string) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	if raw == "" {
		delete(m, field)
	} else {
		m[field] = json.RawMessage(raw)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The seeded cost items are the facts of the research notes, each with its
// source and check date; a figure the research could not confirm has none.
func TestCosts_SeededFromTheResearch(t *testing.T) {
	env := newEnv(t)
	list, total := items(t, env.get("/api/v1/costs"))
	if total != 6 {
		t.Fatalf("%d seeded cost items, want 6", total)
	}
	by := map[string]map[string]any{}
	for _, it := range list {
		by[it["key"].(string)] = it
		if it["checked_on"] == "" {
			t.Errorf("%s: no check date", it["key"])
		}
		if it["amount"] != nil && !strings.HasPrefix(it["source_url"].(string), "https://") {
			t.Errorf("%s: a figure without its source", it["key"])
		}
	}
	visa := by["cost-visa"]
	if visa["amount"].(float64) != 500 || visa["currency"] != "THB" || visa["confidence"] != "verified" ||
		visa["valid_from"] != "2023-11-11" || visa["payer"] != "worker" {
		t.Errorf("visa: %v", visa)
	}
	if fee := by["cost-recruitment-fee"]; fee["amount"].(float64) != 0 || fee["payer"] != "employer" || fee["confidence"] != "verified" {
		t.Errorf("recruitment fee: %v", fee)
	}
	for _, k := range []string{"cost-health-insurance", "cost-passport"} {
		if by[k]["amount"] != nil || by[k]["confidence"] != "unconfirmed" {
			t.Errorf("%s: the research has no confirmed figure, served %v", k, by[k])
		}
	}
	for _, k := range []string{"cost-work-permit", "cost-medical-check"} {
		if by[k]["confidence"] != "unconfirmed" {
			t.Errorf("%s: a weak figure served as %v", k, by[k]["confidence"])
		}
	}
}

// Bad cost items get 422 naming the field; nothing is stored, nothing audited.
func TestCosts_Validation(t *testing.T) {
	env := newConsoleEnv(t)
	cases := []struct {
		name, body, field string
	}{
		{"no title", withField(t, "title", `{"lo":"","th":"x","en":"x"}`), "title.lo"},
		{"title too long", withField(t, "title", `{"lo":"x","th":"x","en":"`+strings.Repeat("a", 201)+`"}`), "title.en"},
		{"note too long", withField(t, "note", `{"lo":"x","th":"x","en":"`+strings.Repeat("a", 2001)+`"}`), "note.en"},
		{"negative amount", withField(t, "amount", `-5`), "amount"},
		{"huge amount", withField(t, "amount", `2000000000`), "amount"},
		{"currency", withField(t, "currency", `"EUR"`), "currency"},
		{"payer", withField(t, "payer", `"agency"`), "payer"},
		{"confidence", withField(t, "confidence", `"sure"`), "confidence"},
		{"valid_from not a date", withField(t, "valid_from", `"2026-13-01"`), "valid_from"},
		{"valid_to not a date", withField(t, "valid_to", `"soon"`), "valid_to"},
		{"valid_to before valid_from", withField(t, "valid_to", `"2025-12-31"`), "valid_to"},
		{"javascript source", withField(t, "source_url", `"javascript:alert(1)"`), "source_url"},
		{"ftp source", withField(t, "source_url", `"ftp://example.org/x"`), "source_url"},
		{"figure without source", withField(t, "source_url", `""`), "source_url"},
		{"no check date", withField(t, "checked_on", `""`), "checked_on"},
		{"bad key", withField(t, "key", `"Not A Key!"`), "key"},
		{"position out of range", withField(t, "position", `-99999999999`), "position"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			audits, rev := env.auditCount(models.EntityCostItem), env.revision()
			r := env.asAdmin("POST", "/api/v1/costs", tc.body)
			if r.status != 422 {
				t.Fatalf("%d %s", r.status, r.body)
			}
			fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
			if fields[tc.field] == nil {
				t.Fatalf("no problem named for %s: %s", tc.field, r.body)
			}
			if env.auditCount(models.EntityCostItem) != audits || env.revision() != rev {
				t.Fatal("a refused cost item changed something")
			}
		})
	}
	// Not JSON, or not an object: 400.
	if r := env.asAdmin("POST", "/api/v1/costs", `[1]`); r.status != 400 {
		t.Errorf("an array: %d %s", r.status, r.body)
	}
	if r := env.asAdmin("POST", "/api/v1/costs", withField(t, "amount", `"500"`)); r.status != 400 {
		t.Errorf("an amount as text: %d %s", r.status, r.body)
	}
	// Without a figure, no source is needed: the app says "ask the district labour office".
	r := env.asAdmin("POST", "/api/v1/costs", withFieldOf(t, withField(t, "amount", `null`), "source_url", `""`))
	if r.status != 201 {
		t.Fatalf("an item with no figure: %d %s", r.status, r.body)
	}
	// Only admins write; verifiers and strangers do not.
	if r := env.asVerifier("POST", "/api/v1/costs", withField(t, "key", `"cost-v"`)); r.status != 403 {
		t.Errorf("a verifier: %d", r.status)
	}
	if r := env.do("POST", "/api/v1/costs", withField(t, "key", `"cost-anon"`), "Content-Type", "application/json"); r.status != 401 {
		t.Errorf("no token: %d", r.status)
	}
}

// An amount that is a JSON number but no whole number an int64 holds
// (1e20, a fraction, an exponent) is answered as an amount out of range
// is: 422 on amount, out_of_range 0 to 1,000,000,000, its words naming the
// number sent; on create and on change alike, nothing saved. Another
// whole-number field sent so (position) is a 400 bad_number naming the
// number, never "must be a number".
func TestCosts_AmountNotAWholeNumber(t *testing.T) {
	env := newConsoleEnv(t)
	problem := func(t *testing.T, r response, field string) map[string]any {
		t.Helper()
		e, _ := r.json(t)["error"].(map[string]any)
		p, _ := e["field_problems"].(map[string]any)[field].(map[string]any)
		if p == nil || strings.Contains(string(r.body), "not number") {
			t.Fatalf("no coded problem on %s: %s", field, r.body)
		}
		return p
	}
	ref := env.asAdmin("POST", "/api/v1/costs", withField(t, "amount", `2000000000`))
	if ref.status != 422 {
		t.Fatalf("2000000000: %d %s", ref.status, ref.body)
	}
	want := problem(t, ref, "amount")
	if want["code"] != models.ProblemOutOfRange || want["max"] != float64(1_000_000_000) {
		t.Fatalf("the rule's problem: %v", want)
	}
	created := env.asAdmin("POST", "/api/v1/costs", costBody)
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, created.body)
	}
	var c models.CostItemView
	decode(t, created, &c)
	for _, amount := range []string{`1e20`, `-1e20`, `99999999999999999999`, `1.5`, `1e3`, `700.0`} {
		t.Run(amount, func(t *testing.T) {
			audits, rev := env.auditCount(models.EntityCostItem), env.revision()
			for _, r := range []response{
				env.asAdmin("POST", "/api/v1/costs", withFieldOf(t, withField(t, "amount", amount), "key", `"cost-new"`)),
				env.asAdmin("PATCH", "/api/v1/costs/"+itoa(int(c.ID)), `{"revision":`+itoa(int(c.Revision))+`,"amount":`+amount+`}`),
			} {
				if r.status != 422 {
					t.Fatalf("%d %s", r.status, r.body)
				}
				p := problem(t, r, "amount")
				for _, k := range []string{"code", "min", "max"} {
					if p[k] != want[k] {
						t.Errorf("%s: %v, want %v (as for 2000000000)", k, p[k], want[k])
					}
				}
				if msg, _ := p["message"].(string); !strings.Contains(msg, "from 0 to 1000000000 written in digits (not "+amount+")") {
					t.Errorf("message %q", msg)
				}
			}
			if env.auditCount(models.EntityCostItem) != audits || env.revision() != rev {
				t.Fatal("a refused amount changed something")
			}
		})
	}
	r := env.asAdmin("POST", "/api/v1/costs", withField(t, "position", `1e20`))
	if r.status != 400 {
		t.Fatalf("position 1e20: %d %s", r.status, r.body)
	}
	if p := problem(t, r, "position"); p["code"] != models.ProblemBadNumber || p["value"] != "1e20" {
		t.Errorf("position 1e20: %v", p)
	}
}

// Create, change and delete are audited (field from → to), logged in the
// public log exactly as the bundle serves them, and travel in the deltas
// (a deletion as a tombstone).
func TestCosts_AuditLogAndDelta(t *testing.T) {
	env := newConsoleEnv(t)
	var full models.Bundle
	decode(t, env.get("/api/v1/bundle"), &full)
	if len(full.CostItems) != 6 {
		t.Fatalf("full bundle: %d cost items", len(full.CostItems))
	}
	rev0 := full.Revision

	logBefore := env.logSize()
	created := env.asAdmin("POST", "/api/v1/costs", costBody)
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, created.body)
	}
	var c models.CostItemView
	decode(t, created, &c)
	if c.Amount == nil || *c.Amount != 700 || c.ValidTo == nil || *c.ValidTo != "2026-12-31" {
		t.Fatalf("created %+v", c)
	}

	var delta models.Bundle
	decode(t, env.get("/api/v1/bundle?since="+itoa(int(rev0))), &delta)
	if len(delta.CostItems) != 1 || delta.CostItems[0].ID != c.ID || len(delta.Contacts) != 0 {
		t.Fatalf("delta after create: %+v", delta.CostItems)
	}
	got, _ := env.logFrom(logBefore)
	if len(got) != 1 {
		t.Fatalf("%d log records for a create", len(got))
	}
	if rec := record(t, got[0]); rec.Entity != models.KindCost || rec.ID != c.ID || rec.Kind != models.LogCreate {
		t.Fatalf("log record %+v", rec)
	}
	served, err := models.StateFromBundle(env.get("/api/v1/bundle").body)
	if err != nil {
		t.Fatal(err)
	}
	if rec := record(t, got[0]); string(served[models.StateKey{Entity: models.KindCost, ID: c.ID}]) != string(rec.Data) {
		t.Fatalf("logged %s, served %s", rec.Data, served[models.StateKey{Entity: models.KindCost, ID: c.ID}])
	}

	// A patch removes the figure: the audit says from 700 to nothing.
	rev1 := delta.Revision
	p := env.asAdmin("PATCH", "/api/v1/costs/"+itoa(int(c.ID)), `{"revision":`+itoa(int(c.Revision))+`,"amount":null,"source_url":""}`)
	if p.status != 200 {
		t.Fatalf("patch: %d %s", p.status, p.body)
	}
	var audit models.AuditPage
	decode(t, env.asAdmin("GET", "/api/v1/audit?entity=cost_item", ""), &audit)
	if len(audit.Items) != 2 || audit.Items[0].Action != "update" || audit.Items[1].Action != "create" {
		t.Fatalf("audit: %+v", audit.Items)
	}
	changes := map[string][2]any{}
	for _, ch := range audit.Items[0].Changes {
		changes[ch.Field] = [2]any{ch.From, ch.To}
	}
	if a := changes["amount"]; a[0] != float64(700) || a[1] != nil {
		t.Errorf("audit of the amount: %v (all: %v)", a, changes)
	}
	if audit.Items[0].UserEmail == "" {
		t.Error("the audit does not say who")
	}
	// A stale patch is refused with the current record.
	if r := env.asAdmin("PATCH", "/api/v1/costs/"+itoa(int(c.ID)), `{"revision":`+itoa(int(c.Revision))+`,"amount":1,"source_url":"https://example.org/x"}`); r.status != 409 {
		t.Fatalf("stale patch: %d %s", r.status, r.body)
	}
	decode(t, env.get("/api/v1/bundle?since="+itoa(int(rev1))), &delta)
	if len(delta.CostItems) != 1 || delta.CostItems[0].Amount != nil {
		t.Fatalf("delta after patch: %+v", delta.CostItems)
	}

	// Delete: gone from the list, a tombstone in the next delta, a delete record in the log.
	rev2 := delta.Revision
	logBefore = env.logSize()
	if r := env.asAdmin("DELETE", "/api/v1/costs/"+itoa(int(c.ID)), ""); r.status != 204 {
		t.Fatalf("delete: %d %s", r.status, r.body)
	}
	decode(t, env.get("/api/v1/bundle?since="+itoa(int(rev2))), &delta)
	if d := delta.Deleted[models.KindCost]; len(d) != 1 || d[0] != c.ID {
		t.Fatalf("delta after delete: %v", delta.Deleted)
	}
	got, _ = env.logFrom(logBefore)
	if len(got) != 1 || record(t, got[0]).Kind != models.LogDelete {
		t.Fatalf("log after delete: %v", got)
	}
	if r := env.asAdmin("DELETE", "/api/v1/costs/"+itoa(int(c.ID)), ""); r.status != 404 {
		t.Fatalf("delete again: %d", r.status)
	}
	// The server's own check of its log still agrees with the data.
	rep, err := env.store.CheckIntegrity(t.Context())
	if err != nil || !rep.OK {
		t.Fatalf("integrity: %v %+v", err, rep)
	}
}
