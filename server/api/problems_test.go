package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"paidee/models"
)

// checkProblemsCoded fails an API test whose answer names a field problem
// without a machine code: every entry of "fields" (the English words) has
// its twin in "field_problems" with a known code, never the uncoded
// fallback; the import's rows likewise ("errors" and "problems"). It runs
// on every exchange of the API tests (checkContract).
func checkProblemsCoded(t testing.TB, req *http.Request, status int, body []byte) {
	t.Helper()
	if status < 400 && req.URL.Path != "/api/v1/agencies/import" {
		return
	}
	var got struct {
		Error struct {
			Fields        map[string]string         `json:"fields"`
			FieldProblems map[string]models.Problem `json:"field_problems"`
		} `json:"error"`
		Invalid []struct {
			Line     int                       `json:"line"`
			Errors   map[string]string         `json:"errors"`
			Problems map[string]models.Problem `json:"problems"`
		} `json:"invalid"`
	}
	if json.Unmarshal(body, &got) != nil {
		return
	}
	where := req.Method + " " + req.URL.String()
	coded(t, where, got.Error.Fields, got.Error.FieldProblems)
	for _, row := range got.Invalid {
		coded(t, where+" import line "+itoa(row.Line), row.Errors, row.Problems)
	}
}

func coded(t testing.TB, where string, words map[string]string, problems map[string]models.Problem) {
	t.Helper()
	if len(words) != len(problems) {
		t.Errorf("problems: %s answers %d fields in words but %d with codes: %v / %v", where, len(words), len(problems), words, problems)
	}
	for field, msg := range words {
		p, ok := problems[field]
		switch {
		case !ok:
			t.Errorf("problems: %s: field %q (%q) has no coded problem", where, field, msg)
		case p.Code == models.ProblemUncoded || !slices.Contains(models.ProblemCodes, p.Code):
			t.Errorf("problems: %s: field %q (%q) has code %q: give it a code (models.Problem…)", where, field, msg, p.Code)
		case p.Message != msg:
			t.Errorf("problems: %s: field %q says %q in fields but %q in field_problems", where, field, msg, p.Message)
		}
	}
}
