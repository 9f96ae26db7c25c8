package api

import (
	"strings"
	"testing"
)

// A question carries the answer that is its warning sign ("red_flag"), so
// that questions can be asked plainly ("Will they give you a contract in
// Lao?" is a warning sign when the answer is no). Left out, it is "yes", as
// for every question before.
func TestQuestions_RedFlag(t *testing.T) {
	env := newConsoleEnv(t)
	body := func(extra string) string {
		return `{"key":"q-t","position":99,"weight":2,"text":{"lo":"ກ","th":"ก","en":"a"},` +
			`"explanation":{"lo":"ກ","th":"ก","en":"a"}` + extra + `}`
	}
	cases := []struct {
		name   string
		extra  string
		status int
		want   string // red_flag in the answer, or the field error's field
	}{
		{"left out means yes", ``, 201, "yes"},
		{"yes", `,"red_flag":"yes"`, 201, "yes"},
		{"no", `,"red_flag":"no"`, 201, "no"},
		{"something else", `,"red_flag":"maybe"`, 422, "red_flag"},
		{"wrong type", `,"red_flag":true`, 400, ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.asAdmin("POST", "/api/v1/questions", strings.Replace(body(c.extra), "q-t", "q-t"+itoa(i), 1))
			if r.status != c.status {
				t.Fatalf("%d %s", r.status, r.body)
			}
			switch {
			case c.status == 201:
				if got := r.json(t)["red_flag"]; got != c.want {
					t.Errorf("red_flag %v, want %s", got, c.want)
				}
			case c.want != "":
				if !strings.Contains(string(r.body), `"`+c.want+`"`) {
					t.Errorf("the error names %s: %s", c.want, r.body)
				}
			}
		})
	}

	// A PATCH that leaves it out keeps it; one that sends it changes it.
	r := env.asAdmin("POST", "/api/v1/questions", strings.Replace(body(`,"red_flag":"no"`), "q-t", "q-patch", 1))
	q := r.json(t)
	id, rev := itoa(int(q["id"].(float64))), itoa(int(q["revision"].(float64)))
	r = env.asAdmin("PATCH", "/api/v1/questions/"+id, `{"revision":`+rev+`,"weight":3}`)
	if r.status != 200 || r.json(t)["red_flag"] != "no" {
		t.Fatalf("patch without red_flag: %d %s", r.status, r.body)
	}
	rev = itoa(int(r.json(t)["revision"].(float64)))
	r = env.asAdmin("PATCH", "/api/v1/questions/"+id, `{"revision":`+rev+`,"red_flag":"yes"}`)
	if r.status != 200 || r.json(t)["red_flag"] != "yes" {
		t.Fatalf("patch red_flag: %d %s", r.status, r.body)
	}
}

// The seeds ask the former double negatives plainly: their warning sign is
// "no", in the public list and in the phones' bundle alike.
func TestQuestions_SeedsAskPlainly(t *testing.T) {
	env := newEnv(t)
	for _, path := range []string{"/api/v1/questions", "/api/v1/bundle"} {
		r := env.get(path)
		if r.status != 200 {
			t.Fatalf("%s: %d", path, r.status)
		}
		m := r.json(t)
		list, _ := m["items"].([]any)
		if list == nil {
			list, _ = m["questions"].([]any)
		}
		flags := map[string]string{}
		for _, x := range list {
			q := x.(map[string]any)
			flags[q["key"].(string)], _ = q["red_flag"].(string)
		}
		for key, want := range map[string]string{"q-no-contract-in-lao": "no", "q-unknown-employer": "no", "q-agency-not-licensed": "no", "q-keeps-passport": "yes"} {
			if flags[key] != want {
				t.Errorf("%s: %s red_flag %q, want %q", path, key, flags[key], want)
			}
		}
	}
}
