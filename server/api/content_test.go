package api

import (
	"testing"

	"paidee/models"
)

// Two admins open the same contact (or item, question, phrase); the second
// save, based on the revision both read, gets 409 with the record as it is
// now, and overwrites nothing: a fixed emergency number is not undone by
// an older form. A change that does not say what it is based on is refused;
// so is a delete that says it saw an older revision.
func TestContent_ConflictingEditsAreRefused(t *testing.T) {
	env := newConsoleEnv(t)
	var full models.Bundle
	decode(t, env.get("/api/v1/bundle"), &full)
	item := full.Checklist[0].Items[0]

	cases := []struct {
		name, path string
		rev        int64
		first      string // a change of the English text, as "field":{...}
		second     string
		current    func(t *testing.T) string // the stored English text
	}{
		{"contact", "/api/v1/contacts/" + itoa(int(full.Contacts[0].ID)), full.Contacts[0].Revision,
			`"hours":{"en":"First: 24 hours"}`, `"hours":{"en":"Second: office hours"}`,
			func(t *testing.T) string {
				c, err := env.store.ContactByID(t.Context(), full.Contacts[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				return c.Hours.En
			}},
		{"checklist item", "/api/v1/checklist/items/" + itoa(int(item.ID)), item.Revision,
			`"title":{"en":"First: keep your passport"}`, `"title":{"en":"Second: give your passport"}`,
			func(t *testing.T) string {
				it, err := env.store.ItemByID(t.Context(), item.ID)
				if err != nil {
					t.Fatal(err)
				}
				return it.Title.En
			}},
		{"question", "/api/v1/questions/" + itoa(int(full.Questions[0].ID)), full.Questions[0].Revision,
			`"text":{"en":"First: a fee before you leave?"}`, `"text":{"en":"Second: no fee?"}`,
			func(t *testing.T) string {
				q, err := env.store.QuestionByID(t.Context(), full.Questions[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				return q.Text.En
			}},
		{"phrase", "/api/v1/phrases/" + itoa(int(full.Phrases[0].ID)), full.Phrases[0].Revision,
			`"text":{"en":"First: help me"}`, `"text":{"en":"Second: leave me"}`,
			func(t *testing.T) string {
				p, err := env.store.PhraseByID(t.Context(), full.Phrases[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				return p.Text.En
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			based := `"revision":` + itoa(int(tc.rev))
			if r := env.asAdmin("PATCH", tc.path, `{`+tc.first+`}`); r.status != 422 || r.json(t)["error"].(map[string]any)["fields"].(map[string]any)["revision"] == nil {
				t.Fatalf("a change without its revision: %d %s", r.status, r.body)
			}
			first := env.asAdmin("PATCH", tc.path, `{`+based+`,`+tc.first+`}`)
			if first.status != 200 {
				t.Fatalf("first save: %d %s", first.status, first.body)
			}
			newRev := first.json(t)["revision"].(float64)
			if int64(newRev) <= tc.rev {
				t.Fatalf("the save did not advance the record's revision: %v", newRev)
			}
			audits, revBefore := env.auditCount(""), env.revision()

			second := env.asAdmin("PATCH", tc.path, `{`+based+`,`+tc.second+`}`)
			if second.status != 409 || second.errorCode(t) != models.ECodeConflict {
				t.Fatalf("second save on the old revision: %d %s", second.status, second.body)
			}
			cur, _ := second.json(t)["error"].(map[string]any)["current"].(map[string]any)
			if cur == nil || cur["revision"].(float64) != newRev {
				t.Errorf("error.current is not the current record: %s", second.body)
			}
			if got := tc.current(t); got[:6] != "First:" {
				t.Errorf("stored text after the refused save: %q", got)
			}
			if env.auditCount("") != audits || env.revision() != revBefore {
				t.Error("a refused save left an audit entry or advanced the revision")
			}
			// On top of the current revision, the second admin's change goes in.
			last := env.asAdmin("PATCH", tc.path, `{"revision":`+itoa(int(newRev))+`,`+tc.second+`}`)
			if last.status != 200 {
				t.Fatalf("save on the current revision: %d %s", last.status, last.body)
			}
			// A delete from a screen that saw an older revision is refused too;
			// one that saw the current revision (or names none) goes through.
			if r := env.asAdmin("DELETE", tc.path+"?revision="+itoa(int(newRev)), ""); r.status != 409 || r.errorCode(t) != models.ECodeConflict {
				t.Fatalf("delete based on an old revision: %d %s", r.status, r.body)
			}
			if r := env.asAdmin("DELETE", tc.path+"?revision=x", ""); r.status != 400 {
				t.Fatalf("delete with a malformed revision: %d %s", r.status, r.body)
			}
			latest := int(last.json(t)["revision"].(float64))
			if r := env.asAdmin("DELETE", tc.path+"?revision="+itoa(latest), ""); r.status != 204 {
				t.Fatalf("delete based on the current revision: %d %s", r.status, r.body)
			}
		})
	}
}
