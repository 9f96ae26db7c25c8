package models

import (
	"time"
)

// The types in this file are the public JSON shapes. They never carry
// internal fields (evidence references, reporter details, user ids).

// AgencyView is a listing as workers see it.
type AgencyView struct {
	ID             uint          `json:"id"`
	LicenceNo      string        `json:"licence_no"`
	NameLo         string        `json:"name_lo"`
	NameEn         string        `json:"name_en"`
	Province       string        `json:"province"`
	District       string        `json:"district"`
	Phones         []string      `json:"phones"`
	Sectors        []string      `json:"sectors" doc:"enum=sector"`
	Status         string        `json:"status" doc:"enum=agency_status"`
	LicenceLapsed  bool          `json:"licence_lapsed"` // listed as licensed, but the expiry date has passed
	LicenceIssued  *string       `json:"licence_issued" doc:"format=date"`
	LicenceExpires *string       `json:"licence_expires" doc:"format=date"`
	LastVerifiedAt *time.Time    `json:"last_verified_at"`
	PublicNotes    Text          `json:"public_notes"`
	Warnings       []WarningView `json:"warnings"`
	StatusHistory  []StatusView  `json:"status_history"`
	Demo           bool          `json:"demo"`
	Version        int           `json:"version"`
	Revision       int64         `json:"revision"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// WarningView is an upheld worker report as the public sees it: what
// happened and when it was confirmed, nothing about who reported it.
type WarningView struct {
	At   string   `json:"at"`
	What []string `json:"what" doc:"enum=report_what"`
}

// StatusView is one public step of a licence history.
type StatusView struct {
	At   time.Time `json:"at"`
	From string    `json:"from" doc:"enum=from_status"`
	To   string    `json:"to" doc:"enum=agency_status"`
	// Reason is a standard sentence for the change followed by the
	// verifier's reference, in each language ("Licence suspended — ministry
	// notice 12/2026").
	Reason Text `json:"reason"`
}

func optDate(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// View builds the public view of a; history and warnings are passed in.
func (a *Agency) View(history []StatusView, warnings []WarningView) AgencyView {
	if history == nil {
		history = []StatusView{}
	}
	if warnings == nil {
		warnings = []WarningView{}
	}
	return AgencyView{
		ID: a.ID, LicenceNo: a.LicenceNo, NameLo: a.NameLo, NameEn: a.NameEn,
		Province: a.Province, District: a.District,
		Phones: nonNil(a.Phones), Sectors: nonNil(a.Sectors), Status: a.Status,
		LicenceIssued: optDate(a.LicenceIssued), LicenceExpires: optDate(a.LicenceExpires),
		LastVerifiedAt: a.LastVerifiedAt, PublicNotes: a.PublicNotes,
		Warnings: warnings, StatusHistory: history, Demo: a.Demo,
		Version: a.Version, Revision: a.Revision, UpdatedAt: a.UpdatedAt,
	}
}

// ContactView is a contact as published.
type ContactView struct {
	ID         uint     `json:"id"`
	Country    string   `json:"country" doc:"enum=country"`
	Province   string   `json:"province"`
	Category   string   `json:"category"`
	Name       Text     `json:"name"`
	Notes      Text     `json:"notes"`
	Phones     []string `json:"phones"`
	LineID     string   `json:"line_id"`
	Hours      Text     `json:"hours"`
	Languages  []string `json:"languages"`
	SourceURL  string   `json:"source_url" doc:"format=uri"`
	CheckedOn  string   `json:"checked_on"`
	Check      string   `json:"check"`
	Confidence string   `json:"confidence"`
	Position   int      `json:"position"`
	Featured   bool     `json:"featured"`
	Revision   int64    `json:"revision"`
}

// View returns the public view of c.
func (c *Contact) View() ContactView {
	return ContactView{
		ID: c.ID, Country: c.Country, Province: c.Province, Category: c.Category,
		Name: c.Name, Notes: c.Notes, Phones: nonNil(c.Phones), LineID: c.LineID,
		Hours: c.Hours, Languages: nonNil(c.Languages), SourceURL: c.SourceURL,
		CheckedOn: c.CheckedOn, Check: c.Check, Confidence: c.Confidence,
		Position: c.Position, Featured: c.Featured, Revision: c.Revision,
	}
}

// StageView is a checklist stage with all its items.
type StageView struct {
	ID       uint       `json:"id"`
	Key      string     `json:"key"`
	Position int        `json:"position"`
	Title    Text       `json:"title"`
	Items    []ItemView `json:"items"`
	Revision int64      `json:"revision"`
}

// ItemView is one checklist item.
type ItemView struct {
	ID       uint     `json:"id"`
	Key      string   `json:"key"`
	Position int      `json:"position"`
	Title    Text     `json:"title"`
	Why      Text     `json:"why"`
	How      Text     `json:"how"`
	Icon     string   `json:"icon" doc:"enum=icon"`
	Critical bool     `json:"critical"`
	Sources  []string `json:"sources"`
	Revision int64    `json:"revision"`
}

// View returns the public view of one checklist item.
func (it *ChecklistItem) View() ItemView {
	return ItemView{
		ID: it.ID, Key: it.Key, Position: it.Position, Title: it.Title, Why: it.Why,
		How: it.How, Icon: it.Icon, Critical: it.Critical, Sources: nonNil(it.Sources), Revision: it.Revision,
	}
}

// View returns the public view of the stage and its items (already loaded
// and ordered).
func (st *ChecklistStage) View() StageView {
	items := make([]ItemView, 0, len(st.Items))
	for i := range st.Items {
		items = append(items, st.Items[i].View())
	}
	return StageView{ID: st.ID, Key: st.Key, Position: st.Position, Title: st.Title, Items: items, Revision: st.Revision}
}

// QuestionView is one red-flag question.
type QuestionView struct {
	ID          uint     `json:"id"`
	Key         string   `json:"key"`
	Position    int      `json:"position"`
	Text        Text     `json:"text"`
	Weight      int      `json:"weight"`
	RedFlag     string   `json:"red_flag" doc:"enum=answer"`
	Explanation Text     `json:"explanation"`
	Sources     []string `json:"sources"`
	Revision    int64    `json:"revision"`
}

// View returns the public view of q.
func (q *Question) View() QuestionView {
	return QuestionView{ID: q.ID, Key: q.Key, Position: q.Position, Text: q.Text, Weight: q.Weight, RedFlag: q.redFlag(),
		Explanation: q.Explanation, Sources: nonNil(q.Sources), Revision: q.Revision}
}

// PhraseView is one phrase card.
type PhraseView struct {
	ID       uint   `json:"id"`
	Key      string `json:"key"`
	Position int    `json:"position"`
	Category string `json:"category"`
	Text     Text   `json:"text"`
	Revision int64  `json:"revision"`
}

// View returns the public view of p.
func (p *Phrase) View() PhraseView {
	return PhraseView{ID: p.ID, Key: p.Key, Position: p.Position, Category: p.Category, Text: p.Text, Revision: p.Revision}
}
