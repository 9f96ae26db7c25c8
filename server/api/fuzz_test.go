package api

import (
	"encoding/json"
	"testing"
)

// Whatever is posted as a report, the answer is a receipt or a client
// error in the one JSON error shape: never a 500, never a panic.
func FuzzReportBody(f *testing.F) {
	env := newEnv(f, func(o *Options) { o.ReportsPerWindow = 1 << 30 })
	for _, s := range []string{goodReport, `{}`, `{"what":["asked_fee"]}`, `{"agency_id":-1,"what":["x"]}`,
		`{"agency_name":"` + string(make([]byte, 300)) + `","what":["asked_fee"]}`, `[]`, `null`, `{"what":null}`,
		`{"agency_id":99999999999999999999,"what":["asked_fee"]}`, `{"details":"\ud800","what":["asked_fee"],"agency_name":"x"}`} {
		f.Add(s, "")
	}
	f.Add(goodReport, "key-1")
	f.Fuzz(func(t *testing.T, body, key string) {
		var headers []string
		if key != "" {
			headers = []string{"Idempotency-Key", key}
		}
		e := *env
		e.t = t // the app and the database are shared; failures belong to this input
		r := e.postJSON("/api/v1/reports", body, headers...)
		switch r.status {
		case 200, 201:
			var ok struct{ Receipt string }
			if json.Unmarshal(r.body, &ok) != nil || ok.Receipt == "" {
				t.Fatalf("%d without a receipt: %s", r.status, r.body)
			}
		case 400, 409, 413, 422:
			var e struct {
				Error struct{ Code, Message string }
			}
			if json.Unmarshal(r.body, &e) != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%d without the JSON error shape: %s", r.status, r.body)
			}
		default:
			t.Fatalf("status %d for %q: %s", r.status, body, r.body)
		}
	})
}
