package seeds

import (
	"fmt"
	"strings"

	"paidee/models"
)

// Icons the PWA draws for checklist items.
var Icons = models.ChecklistIcons

// validate applies the rules the database and the app rely on, so a bad
// seed file fails at start-up (and in tests) instead of showing wrong data.
func (c *Content) validate() error {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	text := func(where string, t models.Text) {
		fe := models.FieldErrors{}
		t.Validate(where, true, 2000, fe)
		for f, p := range fe {
			bad("%s: %s", f, p)
		}
	}
	keys := map[string]bool{}
	unique := func(kind, key string) {
		if key == "" {
			bad("%s without key", kind)
		}
		if keys[kind+"/"+key] {
			bad("%s %q listed twice", kind, key)
		}
		keys[kind+"/"+key] = true
	}
	for _, s := range c.Contacts {
		where := "contact " + s.Key
		unique("contact", s.Key)
		text(where+" name", s.Name)
		if !contains(models.Countries, s.Country) {
			bad("%s: country %q", where, s.Country)
		}
		if !contains(models.ContactCategories, s.Category) {
			bad("%s: category %q", where, s.Category)
		}
		if !contains(models.Confidences, s.Confidence) {
			bad("%s: confidence %q", where, s.Confidence)
		}
		if s.Province != "" {
			if p, ok := models.FindProvince(s.Province); !ok || p.Country != s.Country {
				bad("%s: province %q is not a known province of %s", where, s.Province, s.Country)
			}
		}
		if !strings.HasPrefix(s.SourceURL, "http") {
			bad("%s: every contact needs its source_url", where)
		}
		if !models.ValidDate(s.CheckedOn) || s.CheckedOn == "" {
			bad("%s: checked_on must be a date", where)
		}
		for _, p := range s.Phones {
			if k := models.PhoneKey(p); len(k) < 3 {
				bad("%s: phone %q", where, p)
			}
		}
	}
	n := 0
	for _, s := range c.Stages {
		unique("stage", s.Key)
		text("stage "+s.Key+" title", s.Title)
		for _, it := range s.Items {
			n++
			where := "checklist item " + it.Key
			unique("item", it.Key)
			text(where+" title", it.Title)
			text(where+" why", it.Why)
			text(where+" how", it.How)
			if !contains(Icons, it.Icon) {
				bad("%s: icon %q", where, it.Icon)
			}
		}
	}
	for _, s := range c.Questions {
		unique("question", s.Key)
		text("question "+s.Key, s.Text)
		text("question "+s.Key+" explanation", s.Explanation)
		if s.Weight < 1 || s.Weight > 3 {
			bad("question %s: weight %d not in 1..3", s.Key, s.Weight)
		}
		if s.RedFlag != "" && !contains(models.Answers, s.RedFlag) {
			bad("question %s: red_flag %q is not yes or no", s.Key, s.RedFlag)
		}
	}
	for _, s := range c.Phrases {
		unique("phrase", s.Key)
		text("phrase "+s.Key, s.Text)
	}
	for _, s := range c.CostItems {
		unique("cost", s.Key)
		fe := models.FieldErrors{}
		models.ValidateCostItem(s.CostItemInput, fe)
		if s.Key == "" {
			fe.Add("key", "required in a seed")
		}
		if s.CheckedOn == "" || (s.Amount != nil && s.SourceURL == "") {
			fe.Add("source", "every seeded figure keeps its source and check date")
		}
		for f, p := range fe {
			bad("cost item %s: %s %s", s.Key, f, p)
		}
	}
	for _, s := range c.Agencies {
		a := s.agency()
		unique("agency", models.LicenceKey(s.LicenceNo))
		if !strings.HasPrefix(s.LicenceNo, "DEMO-") {
			bad("demo agency %s: demo licence numbers start with DEMO-", s.LicenceNo)
		}
		for f, p := range models.ValidateAgency(&a) {
			bad("demo agency %s: %s %s", s.LicenceNo, f, p)
		}
		last := ""
		for _, h := range s.History {
			last = h.To
			if strings.TrimSpace(h.Reason) == "" {
				bad("demo agency %s: history without reason", s.LicenceNo)
			}
		}
		if last != "" && last != s.Status {
			bad("demo agency %s: history ends in %q but status is %q", s.LicenceNo, last, s.Status)
		}
	}
	if len(problems) > 0 {
		if len(problems) > 20 {
			problems = append(problems[:20], fmt.Sprintf("... and %d more", len(problems)-20))
		}
		return fmt.Errorf("seed data is not valid:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
