package api

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"paidee/models"
)

// addAgency stores a listing for a test and returns its id.
func (e *testEnv) addAgency(a models.Agency) uint {
	e.t.Helper()
	if a.Status == "" {
		a.Status = models.StatusLicensed
	}
	if a.Province == "" {
		a.Province = "Savannakhet"
	}
	if a.LicenceExpires == "" && a.Status == models.StatusLicensed {
		a.LicenceExpires = "2028-01-31"
	}
	if fe := models.ValidateAgency(&a); len(fe) > 0 {
		e.t.Fatalf("fixture agency invalid: %v", fe)
	}
	err := e.store.Write(context.Background(), func(tx *gorm.DB, rev int64) error {
		return models.InsertAgency(tx, &a, rev)
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return a.ID
}

func TestPublicRoutes_AnswerJSONWithETag(t *testing.T) {
	env := newEnv(t)
	for _, path := range []string{
		"/api/v1/meta", "/api/v1/agencies", "/api/v1/agencies?q=demo&limit=5", "/api/v1/contacts",
		"/api/v1/contacts?country=TH", "/api/v1/checklist", "/api/v1/questions", "/api/v1/phrases",
		"/api/v1/bundle", "/api/v1/bundle?since=0", "/api/v1/openapi.json",
	} {
		t.Run(path, func(t *testing.T) {
			r := env.get(path)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			tag := r.header.Get("ETag")
			if tag == "" {
				t.Fatal("no ETag")
			}
			again := env.get(path, "If-None-Match", tag)
			if again.status != 304 {
				t.Errorf("If-None-Match with the same ETag: status %d, want 304", again.status)
			}
		})
	}
}

func TestPublicLists_HaveItemsAndTotal(t *testing.T) {
	env := newEnv(t)
	for _, tc := range []struct {
		path string
		min  int
	}{
		{"/api/v1/agencies?limit=100", 40},
		{"/api/v1/contacts", 10},
		{"/api/v1/checklist", 6},
		{"/api/v1/questions", 8},
		{"/api/v1/phrases", 10},
	} {
		list, total := items(t, env.get(tc.path))
		if total < tc.min || len(list) == 0 {
			t.Errorf("%s: total %d (want ≥ %d), %d items", tc.path, total, tc.min, len(list))
		}
	}
}

func TestAgencies_SearchNormalisesNamesLicencesAndPhones(t *testing.T) {
	env := newEnv(t)
	want := env.addAgency(models.Agency{
		LicenceNo: "LA-MLSW 0457/25", NameLo: "ບໍລິສັດ ແສງຕາເວັນ ຈັດຫາງານ", NameEn: "Saengtavan Recruitment Co., Ltd.",
		Phones: []string{"020 5555 1234", "+66 81 234 5678"},
	})
	nongbua := env.addAgency(models.Agency{LicenceNo: "LA-MLSW 0999/25", NameLo: "ໜອງບົວ ແຮງງານ", NameEn: "Nongboua Labour", Phones: []string{"021 215 999"}})

	cases := []struct {
		name, q string
		id      uint
	}{
		{"latin name part, any case", "SAENGTAVAN", want},
		{"latin name with punctuation", "saengtavan recruitment co.", want},
		{"lao name part", "ແສງຕາເວັນ", want},
		{"lao name with a space typed", "ແສງ ຕາເວັນ", want},
		{"lao old spelling of ໜ", "ຫນອງບົວ", nongbua},
		{"lao new spelling of ໜ", "ໜອງບົວ", nongbua},
		{"licence as printed", "LA-MLSW 0457/25", want},
		{"licence without separators, lower case", "lamlsw045725", want},
		{"licence with dashes", "la-mlsw-0457-25", want},
		{"lao mobile with spaces", "020 5555 1234", want},
		{"lao mobile international", "+856 20 55551234", want},
		{"lao mobile digits only with country code", "8562055551234", want},
		{"lao mobile no spaces", "02055551234", want},
		{"lao mobile 00 prefix", "00856 20 5555 1234", want},
		{"thai mobile with 0", "081-234-5678", want},
		{"thai mobile with +66", "+66 81 234 5678", want},
		{"thai mobile digits", "0812345678", want},
		{"lao landline", "021 215 999", nongbua},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := env.get("/api/v1/agencies?q=" + urlQuery(tc.q))
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			list, total := items(t, r)
			if total < 1 || uint(list[0]["id"].(float64)) != tc.id {
				t.Fatalf("q=%q: want agency %d first, got total %d: %s", tc.q, tc.id, total, r.body)
			}
		})
	}
	t.Run("no match is an empty list", func(t *testing.T) {
		list, total := items(t, env.get("/api/v1/agencies?q=zzzqqqxx"))
		if total != 0 || len(list) != 0 {
			t.Fatalf("got %d", total)
		}
	})
	t.Run("filters by status and province", func(t *testing.T) {
		list, total := items(t, env.get("/api/v1/agencies?status=suspended&limit=100"))
		if total == 0 {
			t.Fatal("demo data has suspended agencies")
		}
		for _, a := range list {
			if a["status"] != "suspended" {
				t.Fatalf("status filter leaked %v", a["status"])
			}
		}
		list, _ = items(t, env.get("/api/v1/agencies?q=saengtavan&province=champasak"))
		if len(list) != 0 {
			t.Fatal("province filter ignored")
		}
	})
	t.Run("paging", func(t *testing.T) {
		all, total := items(t, env.get("/api/v1/agencies?limit=100"))
		page, total2 := items(t, env.get("/api/v1/agencies?limit=5&offset=5"))
		if total != total2 || len(page) != 5 || page[0]["id"] != all[5]["id"] {
			t.Fatalf("page does not match the full list")
		}
	})
}

func urlQuery(s string) string {
	r := strings.NewReplacer(" ", "%20", "+", "%2B", "/", "%2F")
	return r.Replace(s)
}

func TestAgencies_BadQueryValues(t *testing.T) {
	env := newEnv(t)
	for _, tc := range []struct{ query, field string }{
		{"status=ok", "status"},
		{"limit=0", "limit"},
		{"limit=101", "limit"},
		{"limit=ten", "limit"},
		{"offset=-1", "offset"},
		{"province=Atlantis", "province"},
		{"q=" + strings.Repeat("a", 101), "q"},
	} {
		t.Run(tc.query[:min(len(tc.query), 20)], func(t *testing.T) {
			r := env.get("/api/v1/agencies?" + tc.query)
			if r.status != 400 || r.errorCode(t) != "bad_request" {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			fields := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
			if fields[tc.field] == nil {
				t.Fatalf("error does not name %s: %s", tc.field, r.body)
			}
		})
	}
	for _, tc := range []struct{ path, field string }{
		{"/api/v1/contacts?country=FR", "country"},
		{"/api/v1/contacts?category=spa", "category"},
		{"/api/v1/bundle?since=-3", ""},
		{"/api/v1/bundle?since=abc", ""},
	} {
		if r := env.get(tc.path); r.status != 400 {
			t.Errorf("%s: status %d, want 400", tc.path, r.status)
		}
	}
}

func TestAgencies_ByIDAndLicence(t *testing.T) {
	env := newEnv(t)
	id := env.addAgency(models.Agency{LicenceNo: "LA-0042/26", NameEn: "Lookup Test", Phones: []string{"020 7777 1234"}})

	r := env.get(fmt.Sprintf("/api/v1/agencies/%d", id))
	if r.status != 200 || r.json(t)["licence_no"] != "LA-0042/26" {
		t.Fatalf("by id: %d %s", r.status, r.body)
	}
	for _, lic := range []string{"LA-0042%2F26", "la 0042 26", "LA004226", "la-0042-26"} {
		r := env.get("/api/v1/agencies/licence/" + strings.ReplaceAll(lic, " ", "%20"))
		if r.status != 200 || r.json(t)["id"].(float64) != float64(id) {
			t.Errorf("licence %q: %d %s", lic, r.status, r.body)
		}
	}
	r = env.get("/api/v1/agencies/licence/NOT-LISTED-1")
	if r.status != 404 || r.errorCode(t) != "not_found" || !strings.Contains(string(r.body), "must not be trusted") {
		t.Errorf("unlisted licence: %d %s", r.status, r.body)
	}
	for path, status := range map[string]int{
		"/api/v1/agencies/abc":       400,
		"/api/v1/agencies/0":         400,
		"/api/v1/agencies/999999":    404,
		"/api/v1/agencies/licence/":  400,
		"/api/v1/no-such-route":      404,
		"/api/v1/agencies/1/unknown": 404,
	} {
		r := env.get(path)
		if r.status != status || r.errorCode(t) == "" {
			t.Errorf("%s: status %d (want %d), body %s", path, r.status, status, r.body)
		}
	}
}

func TestWrongMethod_Is405JSON(t *testing.T) {
	env := newEnv(t)
	for _, tc := range []struct{ method, path string }{
		{"POST", "/api/v1/meta"},
		{"DELETE", "/api/v1/contacts"},
		{"PUT", "/api/v1/reports"},
	} {
		r := env.do(tc.method, tc.path, "")
		if r.status != 405 || r.errorCode(t) != "method_not_allowed" {
			t.Errorf("%s %s: %d %s", tc.method, tc.path, r.status, r.body)
		}
	}
	// HEAD is answered only where it is documented (clips); a listing's
	// address is not a bad id for it.
	for _, path := range []string{"/api/v1/agencies/1", "/api/v1/agencies/abc"} {
		if r := env.do("HEAD", path, ""); r.status != 405 {
			t.Errorf("HEAD %s: %d, want 405", path, r.status)
		}
	}
}

const goodReport = `{"agency_name":"Mr. Bounmy","agency_phone":"020 9999 0000","what":["asked_fee","kept_passport"],"details":"He asked 5,000,000 kip.","lang":"lo"}`

func TestReports_BadInput(t *testing.T) {
	env := newEnv(t)
	cases := []struct {
		name, body, ctype string
		status            int
		code, field       string
	}{
		{"malformed JSON", `{"what": [`, "application/json", 400, "bad_request", ""},
		{"not an object", `[1,2]`, "application/json", 400, "bad_request", ""},
		{"wrong type", `{"agency_name":"x","what":"asked_fee"}`, "application/json", 400, "bad_request", "what"},
		{"wrong type number", `{"agency_id":"twelve","what":["other"]}`, "application/json", 400, "bad_request", "agency_id"},
		{"unknown field", `{"agency_name":"x","what":["other"],"ip":"1.2.3.4"}`, "application/json", 400, "bad_request", "ip"},
		{"trailing data", `{"agency_name":"x","what":["other"]} {}`, "application/json", 400, "bad_request", ""},
		{"empty body", ``, "application/json", 400, "bad_request", ""},
		{"no agency", `{"what":["other"]}`, "application/json", 422, "validation_failed", "agency"},
		{"nothing ticked", `{"agency_name":"x","what":[]}`, "application/json", 422, "validation_failed", "what"},
		{"unknown tick", `{"agency_name":"x","what":["sunburn"]}`, "application/json", 422, "validation_failed", "what"},
		{"details too long", `{"agency_name":"x","what":["other"],"details":"` + strings.Repeat("ກ", 2001) + `"}`, "application/json", 422, "validation_failed", "details"},
		{"unknown agency id", `{"agency_id":999999,"what":["other"]}`, "application/json", 422, "validation_failed", "agency_id"},
		{"bad lang", `{"agency_name":"x","what":["other"],"lang":"fr"}`, "application/json", 422, "validation_failed", "lang"},
		{"not JSON content type", goodReport, "text/plain", 415, "unsupported_media_type", ""},
		{"oversize body", `{"agency_name":"x","what":["other"],"details":"` + strings.Repeat("a", 20000) + `"}`, "application/json", 413, "payload_too_large", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := env.do("POST", "/api/v1/reports", tc.body, "Content-Type", tc.ctype)
			if r.status != tc.status || r.errorCode(t) != tc.code {
				t.Fatalf("status %d code %q, want %d %q: %s", r.status, r.errorCode(t), tc.status, tc.code, r.body)
			}
			if tc.field != "" {
				fields, _ := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)
				if fields[tc.field] == nil {
					t.Fatalf("error does not name field %q: %s", tc.field, r.body)
				}
			}
		})
	}
	var n int64
	env.store.DB.Model(&models.Report{}).Count(&n)
	if n != 0 {
		t.Fatalf("bad reports stored %d rows", n)
	}
	r := env.postJSON("/api/v1/reports", goodReport, "Idempotency-Key", "short")
	if r.status != 400 {
		t.Fatalf("bad idempotency key: %d", r.status)
	}
}

func TestReports_CreateAndReplay(t *testing.T) {
	env := newEnv(t)
	first := env.postJSON("/api/v1/reports", goodReport, "Idempotency-Key", "k-0001-abcdef")
	if first.status != 201 {
		t.Fatalf("create: %d %s", first.status, first.body)
	}
	receipt := first.json(t)["receipt"].(string)
	if len(receipt) != 9 {
		t.Fatalf("receipt %q", receipt)
	}
	again := env.postJSON("/api/v1/reports", goodReport, "Idempotency-Key", "k-0001-abcdef")
	if again.status != 200 || again.json(t)["receipt"] != receipt {
		t.Fatalf("replay: %d %s", again.status, again.body)
	}
	other := env.postJSON("/api/v1/reports", `{"agency_name":"someone else","what":["other"]}`, "Idempotency-Key", "k-0001-abcdef")
	if other.status != 409 {
		t.Fatalf("key reused for another report: %d %s", other.status, other.body)
	}
	noKey := env.postJSON("/api/v1/reports", goodReport)
	if noKey.status != 201 || noKey.json(t)["receipt"] == receipt {
		t.Fatalf("without key: %d %s", noKey.status, noKey.body)
	}
	var reports []models.Report
	env.store.DB.Find(&reports)
	if len(reports) != 2 {
		t.Fatalf("stored %d reports, want 2", len(reports))
	}
	if reports[0].Status != models.ReportNew || reports[0].Details != "He asked 5,000,000 kip." {
		t.Fatalf("stored %+v", reports[0])
	}
}

func TestReports_ConcurrentDuplicatesStoreOne(t *testing.T) {
	env := newEnv(t, func(o *Options) { o.ReportsPerWindow = 1000 })
	const n = 16
	var wg sync.WaitGroup
	receipts := make([]string, n)
	statuses := make([]int, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := env.postJSON("/api/v1/reports", goodReport, "Idempotency-Key", "same-key-123456")
			statuses[i] = r.status
			if r.status < 300 {
				var m map[string]any
				_ = jsonUnmarshal(r.body, &m)
				receipts[i], _ = m["receipt"].(string)
			}
		}(i)
	}
	wg.Wait()
	created := 0
	for i := range receipts {
		if statuses[i] == 201 {
			created++
		}
		if statuses[i] >= 300 || receipts[i] != receipts[0] {
			t.Fatalf("request %d: status %d receipt %q (first %q)", i, statuses[i], receipts[i], receipts[0])
		}
	}
	var count int64
	env.store.DB.Model(&models.Report{}).Count(&count)
	if count != 1 || created != 1 {
		t.Fatalf("%d rows, %d answered 201; want 1 and 1", count, created)
	}
}

func TestReports_RateLimited(t *testing.T) {
	env := newEnv(t, func(o *Options) { o.ReportsPerWindow = 3 })
	for i := 0; i < 3; i++ {
		if r := env.postJSON("/api/v1/reports", goodReport); r.status != 201 {
			t.Fatalf("report %d: %d", i, r.status)
		}
	}
	r := env.postJSON("/api/v1/reports", goodReport)
	if r.status != 429 || r.errorCode(t) != "rate_limited" || r.header.Get("Retry-After") == "" {
		t.Fatalf("4th report: %d %v %s", r.status, r.header, r.body)
	}
}

// A malformed report (refused 400/422) does not use up the quota: the
// worker can still send the real one.
func TestReports_MalformedDoNotUseTheQuota(t *testing.T) {
	env := newEnv(t, func(o *Options) { o.ReportsPerWindow = 2 })
	for i, body := range []string{`{"what":"fees"}`, `{"what":[]}`, `null`, `{"what":["nonsense"]}`, `{`} {
		if r := env.postJSON("/api/v1/reports", body); r.status != 400 && r.status != 422 {
			t.Fatalf("malformed report %d: %d %s", i, r.status, r.body)
		}
	}
	for i := 0; i < 2; i++ {
		if r := env.postJSON("/api/v1/reports", goodReport); r.status != 201 {
			t.Fatalf("good report %d after 5 malformed ones: %d %s", i, r.status, r.body)
		}
	}
	if r := env.postJSON("/api/v1/reports", goodReport); r.status != 429 {
		t.Fatalf("3rd good report: %d, want 429", r.status)
	}
}

// Behind a load balancer every report comes from its address; the limit
// must still be per worker, or one busy village would block all the others.
func TestReports_RateLimitedPerClientBehindAProxy(t *testing.T) {
	proxies, err := ParseTrustedProxies("0.0.0.0/32") // app.Test's connection address
	if err != nil {
		t.Fatal(err)
	}
	env := newEnv(t, func(o *Options) { o.ReportsPerWindow = 2; o.TrustedProxies = proxies })
	from := func(ip string) response { return env.postJSON("/api/v1/reports", goodReport, "X-Forwarded-For", ip) }
	for i := 0; i < 2; i++ {
		if r := from("203.0.113.7"); r.status != 201 {
			t.Fatalf("report %d from the first worker: %d %s", i, r.status, r.body)
		}
	}
	if r := from("203.0.113.7"); r.status != 429 {
		t.Fatalf("3rd report from the first worker: %d, want 429", r.status)
	}
	if r := from("198.51.100.9"); r.status != 201 {
		t.Fatalf("another worker behind the same proxy: %d, want 201", r.status)
	}
	// A forged entry in front of the proxy's own does not make a new client.
	if r := from("192.0.2.1, 203.0.113.7"); r.status != 429 {
		t.Fatalf("the first worker with a forged X-Forwarded-For: %d, want 429", r.status)
	}
}

func TestAgencies_LapsedLicenceIsNeverShownAsLicensed(t *testing.T) {
	env := newEnv(t)
	id := env.addAgency(models.Agency{LicenceNo: "LAPSED-1", NameEn: "Lapsed Licence", LicenceIssued: "2019-01-01", LicenceExpires: "2020-12-31"})
	r := env.get("/api/v1/agencies/licence/LAPSED-1")
	m := r.json(t)
	if m["status"] != "expired" || m["licence_lapsed"] != true {
		t.Fatalf("status %v, lapsed %v", m["status"], m["licence_lapsed"])
	}
	list, _ := items(t, env.get("/api/v1/agencies?status=licensed&limit=100"))
	for _, a := range list {
		if uint(a["id"].(float64)) == id {
			t.Fatal("a lapsed licence is listed under status=licensed")
		}
	}
	list, _ = items(t, env.get("/api/v1/agencies?status=expired&q=lapsed"))
	if len(list) != 1 {
		t.Fatalf("status=expired does not find the lapsed licence")
	}
}
