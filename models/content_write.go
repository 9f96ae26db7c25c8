package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

// ChecklistIcons are the icons the PWA draws for checklist items.
var ChecklistIcons = []string{"passport", "contract", "money", "phone", "house", "bus", "warning", "check", "health", "family", "copy", "agency"}

// Content limits.
const (
	contentTextMax = 2000
	contentListMax = 20
	urlMax         = 500
)

var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{1,63}$`)

// positionMax bounds the order fields of content (a 32-bit column on
// PostgreSQL; a few hundred items in practice).
const positionMax = 1_000_000

// checkPosition refuses an order number outside ±positionMax.
func checkPosition(p int, fe FieldErrors) int {
	if p < -positionMax || p > positionMax {
		fe.Problem("position", OutOfRange(-positionMax, positionMax))
	}
	return p
}

// checkKey validates a record key, or makes one from prefix when empty.
func checkKey(key, prefix string, fe FieldErrors) string {
	key = strings.TrimSpace(key)
	if key == "" {
		b := make([]byte, 5)
		_, _ = rand.Read(b)
		return prefix + "-" + hex.EncodeToString(b)
	}
	if !keyPattern.MatchString(key) {
		fe.Problem("key", BadKey(2, 64))
	}
	return key
}

func checkList(field string, l []string, max int, fe FieldErrors) StringList {
	if len(l) > contentListMax {
		fe.Problem(field, TooMany(contentListMax))
	}
	out := StringList{}
	for i, s := range l {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		checkLen(fe, fmt.Sprintf("%s[%d]", field, i), s, max)
		out = append(out, s)
	}
	return out
}

// webAddress reports whether s is an http or https address with a host:
// sources are shown as links, and a javascript: or data: one would run or
// show whatever it holds.
func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// checkSources is checkList for sources: each must be a web address.
func checkSources(l []string, fe FieldErrors) StringList {
	out := checkList("sources", l, urlMax, fe)
	for i, s := range out {
		if !webAddress(s) {
			fe.Problem(fmt.Sprintf("sources[%d]", i), BadURL())
		}
	}
	return out
}

// uniqueKey refuses a key another row of the same table already has.
func uniqueKey(tx *gorm.DB, model any, key string, except uint) error {
	var n int64
	if err := tx.Model(model).Where("key = ? AND id <> ?", key, except).Count(&n).Error; err != nil {
		return fmt.Errorf("check key: %w", err)
	}
	if n > 0 {
		return &Error{Code: ECodeConflict, Message: "another record already has this key", Fields: FieldErrors{"key": Taken()}}
	}
	return nil
}

// contentWrite runs one audited change of content inside a Write. fn
// returns the entity id, the action and the field changes.
func (s *Store) contentWrite(ctx context.Context, who Actor, entity string, fn func(tx *gorm.DB, rev int64) (uint, string, changeList, error)) (uint, error) {
	var id uint
	err := s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		var action string
		var ch changeList
		var err error
		id, action, ch, err = fn(tx, rev)
		if err != nil {
			return err
		}
		if len(ch) == 0 && action == "update" {
			return errNoChange
		}
		return audit(tx, who, entity, id, action, ch, "", "")
	})
	if errors.Is(err, errNoChange) {
		err = nil
	}
	return id, err
}

// textChanges adds the per-language changes of a multilingual field.
func textChanges(ch *changeList, field string, from, to Text) {
	ch.add(field+".lo", from.Lo, to.Lo)
	ch.add(field+".th", from.Th, to.Th)
	ch.add(field+".en", from.En, to.En)
}

// contentPtr is a pointer to one of the admin-edited content tables.
type contentPtr[T any] interface {
	*T
	revisioned
	saved(id uint, rev int64) // sets the id and the revision before a save
	savedID() uint
}

// revisioned is a stored record as the stale-edit check sees it.
type revisioned interface {
	savedRev() int64
	published() any // the record as the public API shows it
}

func (c *Contact) saved(id uint, rev int64)        { c.ID, c.Revision = id, rev }
func (c *Contact) savedID() uint                   { return c.ID }
func (c *Contact) savedRev() int64                 { return c.Revision }
func (c *Contact) published() any                  { return c.View() }
func (it *ChecklistItem) saved(id uint, rev int64) { it.ID, it.Revision = id, rev }
func (it *ChecklistItem) savedID() uint            { return it.ID }
func (it *ChecklistItem) savedRev() int64          { return it.Revision }
func (it *ChecklistItem) published() any           { return it.View() }
func (q *Question) saved(id uint, rev int64)       { q.ID, q.Revision = id, rev }
func (q *Question) savedID() uint                  { return q.ID }
func (q *Question) savedRev() int64                { return q.Revision }
func (q *Question) published() any                 { return q.View() }
func (p *Phrase) saved(id uint, rev int64)         { p.ID, p.Revision = id, rev }
func (p *Phrase) savedID() uint                    { return p.ID }
func (p *Phrase) savedRev() int64                  { return p.Revision }
func (p *Phrase) published() any                   { return p.View() }

// BasedOn is the revision of a record an edit was made from. Two admins
// fixing the same emergency number must not silently undo each other, so a
// change (not a creation) has to say which revision it read.
type BasedOn struct {
	Revision *int64 `json:"revision,omitempty" doc:"patchrequired"`
}

// checkIfGiven is check for a deletion, where the revision is optional.
func (b BasedOn) checkIfGiven(what string, cur revisioned) error {
	if b.Revision == nil {
		return nil
	}
	return b.check(what, cur)
}

// check refuses a change that does not say what it is based on, or is
// based on a revision that is no longer current (detail: the current record).
func (b BasedOn) check(what string, cur revisioned) error {
	if b.Revision == nil {
		return &Error{Code: ECodeInvalid, Message: "send the revision of the " + what + " your edit is based on",
			Fields: FieldErrors{"revision": Required()}}
	}
	if *b.Revision != cur.savedRev() {
		return &Error{Code: ECodeConflict,
			Message: "someone else changed this " + what + " after you opened it; nothing was saved. Here is the current version: check it and make your change again",
			Detail:  cur.published()}
	}
	return nil
}

// saveContent creates (id 0) or replaces one content record inside a
// contentWrite: it loads the current record, refuses a stale edit (in the
// same transaction as the save, so two edits cannot both pass), keeps keys
// unique, lists the changes for the audit, and saves next stamped with rev.
// Saving what is already stored changes nothing. after, if set, runs once the record is
// saved, with the record as it was (zero for a new one).
func saveContent[T any, P contentPtr[T]](tx *gorm.DB, what string, id uint, based BasedOn, next P, key string, rev int64,
	changes func(from, to P) changeList, after func(cur P) error) (uint, string, changeList, error) {
	cur := P(new(T))
	if id != 0 {
		if err := tx.First(cur, id).Error; err != nil {
			return 0, "", nil, notFound(err, what)
		}
		if err := based.check(what, cur); err != nil {
			return 0, "", nil, err
		}
	}
	if err := uniqueKey(tx, P(new(T)), key, id); err != nil {
		return 0, "", nil, err
	}
	ch := changes(cur, next)
	action := "create"
	if id != 0 {
		action = "update"
		if len(ch) == 0 {
			return id, action, nil, nil
		}
	}
	next.saved(id, rev)
	if err := tx.Save(next).Error; err != nil {
		return 0, "", nil, fmt.Errorf("save %s: %w", what, err)
	}
	if after != nil {
		if err := after(cur); err != nil {
			return 0, "", nil, err
		}
	}
	return next.savedID(), action, ch, nil
}

// ---- Contacts ----

// ContactInput is a contact as the console sends it. For a patch, absent
// fields keep their value (the handler decodes onto the current record).
type ContactInput struct {
	BasedOn
	Key        string   `json:"key"`
	Country    string   `json:"country"`
	Province   string   `json:"province"`
	Category   string   `json:"category"`
	Name       Text     `json:"name"`
	Notes      Text     `json:"notes" text:"long"`
	Phones     []string `json:"phones" doc:"max=20"`
	LineID     string   `json:"line_id" doc:"max=64"`
	Hours      Text     `json:"hours"`
	Languages  []string `json:"languages"`
	SourceURL  string   `json:"source_url" doc:"max=500"`
	CheckedOn  string   `json:"checked_on"`
	Check      string   `json:"check" doc:"max=200"`
	Confidence string   `json:"confidence"`
	Position   int      `json:"position"`
	Featured   bool     `json:"featured"`
}

// Input returns the editable fields of c.
func (c *Contact) Input() ContactInput {
	return ContactInput{Key: c.Key, Country: c.Country, Province: c.Province, Category: c.Category, Name: c.Name,
		Notes: c.Notes, Phones: c.Phones, LineID: c.LineID, Hours: c.Hours, Languages: c.Languages,
		SourceURL: c.SourceURL, CheckedOn: c.CheckedOn, Check: c.Check, Confidence: c.Confidence,
		Position: c.Position, Featured: c.Featured}
}

// validate checks a contact and returns the record to store.
func (in ContactInput) validate(fe FieldErrors) Contact {
	c := Contact{Key: checkKey(in.Key, "contact", fe), Country: strings.ToUpper(strings.TrimSpace(in.Country)),
		Province: strings.TrimSpace(in.Province), Category: strings.TrimSpace(in.Category),
		Name: in.Name.Trimmed(), Notes: in.Notes.Trimmed(), Hours: in.Hours.Trimmed(),
		LineID: strings.TrimSpace(in.LineID), SourceURL: strings.TrimSpace(in.SourceURL),
		CheckedOn: strings.TrimSpace(in.CheckedOn), Check: strings.TrimSpace(in.Check),
		Confidence: strings.TrimSpace(in.Confidence), Position: checkPosition(in.Position, fe), Featured: in.Featured}
	if !oneOf(c.Country, Countries) {
		fe.Problem("country", OneOf(Countries...).Say("must be TH or LA"))
	}
	if c.Province != "" {
		if p, ok := FindProvince(c.Province); !ok || p.Country != c.Country {
			fe.Problem("province", BadProvince(c.Country).Say("must be a province of the contact's country (see /api/v1/meta), or empty"))
		} else {
			c.Province = p.Code
		}
	}
	if !oneOf(c.Category, ContactCategories) {
		fe.Problem("category", OneOf(ContactCategories...))
	}
	c.Name.Validate("name", true, 200, fe)
	c.Notes.Validate("notes", false, contentTextMax, fe)
	c.Hours.Validate("hours", false, 200, fe)
	c.Phones = checkList("phones", in.Phones, phoneMax, fe)
	for i, p := range c.Phones {
		if len(PhoneKey(p)) < 3 {
			fe.Problem(fmt.Sprintf("phones[%d]", i), BadPhone(3, 0))
		}
	}
	c.Languages = checkList("languages", in.Languages, 8, fe)
	checkLen(fe, "line_id", c.LineID, 64)
	switch {
	case c.SourceURL == "":
		fe.Problem("source_url", RequiredBecause("where this contact was checked (a web address)"))
	case !webAddress(c.SourceURL):
		fe.Problem("source_url", BadURL())
	}
	checkLen(fe, "source_url", c.SourceURL, urlMax)
	switch {
	case c.CheckedOn == "":
		fe.Problem("checked_on", RequiredBecause("the date it was last checked, YYYY-MM-DD"))
	case !ValidDate(c.CheckedOn):
		fe.Problem("checked_on", BadDate())
	}
	checkLen(fe, "check", c.Check, 200)
	if !oneOf(c.Confidence, Confidences) {
		fe.Problem("confidence", OneOf(Confidences...))
	}
	return c
}

func contactChanges(from, to *Contact) changeList {
	var ch changeList
	ch.add("key", from.Key, to.Key)
	ch.add("country", from.Country, to.Country)
	ch.add("province", from.Province, to.Province)
	ch.add("category", from.Category, to.Category)
	textChanges(&ch, "name", from.Name, to.Name)
	textChanges(&ch, "notes", from.Notes, to.Notes)
	ch.add("phones", joinList(from.Phones), joinList(to.Phones))
	ch.add("line_id", from.LineID, to.LineID)
	textChanges(&ch, "hours", from.Hours, to.Hours)
	ch.add("languages", joinList(from.Languages), joinList(to.Languages))
	ch.add("source_url", from.SourceURL, to.SourceURL)
	ch.add("checked_on", from.CheckedOn, to.CheckedOn)
	ch.add("check", from.Check, to.Check)
	ch.add("confidence", from.Confidence, to.Confidence)
	ch.add("position", from.Position, to.Position)
	ch.add("featured", from.Featured, to.Featured)
	return ch
}

// ContactByID returns one contact.
func (s *Store) ContactByID(ctx context.Context, id uint) (*Contact, error) {
	var c Contact
	if err := s.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, notFound(err, "contact")
	}
	return &c, nil
}

// SaveContact creates (id 0) or replaces a contact, stamped with the new
// revision so the next bundle carries it.
func (s *Store) SaveContact(ctx context.Context, who Actor, id uint, in ContactInput) (ContactView, error) {
	fe := FieldErrors{}
	next := in.validate(fe)
	if err := fe.Err(); err != nil {
		return ContactView{}, err
	}
	id, err := s.contentWrite(ctx, who, EntityContact, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		return saveContent(tx, "contact", id, in.BasedOn, &next, next.Key, rev, contactChanges, nil)
	})
	if err != nil {
		return ContactView{}, err
	}
	c, err := s.ContactByID(ctx, id)
	if err != nil {
		return ContactView{}, err
	}
	return c.View(), nil
}

// DeleteContact removes a contact and leaves a tombstone.
func (s *Store) DeleteContact(ctx context.Context, who Actor, id uint, based BasedOn) error {
	_, err := s.contentWrite(ctx, who, EntityContact, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		return deleteWithTombstone[Contact](tx, KindContact, "contact", id, based, rev)
	})
	return err
}

// deleteWithTombstone deletes one content record and leaves a tombstone.
// A delete that says which revision it saw is refused when the record has
// changed since (someone may have just fixed it); one that does not is
// taken as meant for whatever is there.
func deleteWithTombstone[T any, P contentPtr[T]](tx *gorm.DB, kind, what string, id uint, based BasedOn, rev int64) (uint, string, changeList, error) {
	cur := P(new(T))
	if err := tx.First(cur, id).Error; err != nil {
		return 0, "", nil, notFound(err, what)
	}
	if err := based.checkIfGiven(what, cur); err != nil {
		return 0, "", nil, err
	}
	if err := tx.Delete(P(new(T)), id).Error; err != nil {
		return 0, "", nil, fmt.Errorf("delete %s %d: %w", what, id, err)
	}
	if err := AddTombstone(tx, kind, id, rev); err != nil {
		return 0, "", nil, err
	}
	return id, "delete", changeList{{Field: "deleted", From: false, To: true}}, nil
}

// ---- Checklist items ----

// ItemInput is a checklist item as the console sends it.
type ItemInput struct {
	BasedOn
	StageID  uint     `json:"stage_id" doc:"required"`
	Key      string   `json:"key"`
	Position int      `json:"position"`
	Title    Text     `json:"title"`
	Why      Text     `json:"why" text:"long"`
	How      Text     `json:"how" text:"long"`
	Icon     string   `json:"icon"`
	Critical bool     `json:"critical"`
	Sources  []string `json:"sources" doc:"max=20,itemmax=500"`
}

// Input returns the editable fields of it.
func (it *ChecklistItem) Input() ItemInput {
	return ItemInput{StageID: it.StageID, Key: it.Key, Position: it.Position, Title: it.Title, Why: it.Why,
		How: it.How, Icon: it.Icon, Critical: it.Critical, Sources: it.Sources}
}

func (in ItemInput) validate(fe FieldErrors) ChecklistItem {
	it := ChecklistItem{StageID: in.StageID, Key: checkKey(in.Key, "item", fe), Position: checkPosition(in.Position, fe),
		Title: in.Title.Trimmed(), Why: in.Why.Trimmed(), How: in.How.Trimmed(), Icon: strings.TrimSpace(in.Icon),
		Critical: in.Critical}
	if it.StageID == 0 {
		fe.Problem("stage_id", RequiredBecause("the stage the item belongs to"))
	}
	it.Title.Validate("title", true, 200, fe)
	it.Why.Validate("why", true, contentTextMax, fe)
	it.How.Validate("how", true, contentTextMax, fe)
	if !oneOf(it.Icon, ChecklistIcons) {
		fe.Problem("icon", OneOf(ChecklistIcons...))
	}
	it.Sources = checkSources(in.Sources, fe)
	return it
}

func itemChanges(from, to *ChecklistItem) changeList {
	var ch changeList
	ch.add("stage_id", from.StageID, to.StageID)
	ch.add("key", from.Key, to.Key)
	ch.add("position", from.Position, to.Position)
	textChanges(&ch, "title", from.Title, to.Title)
	textChanges(&ch, "why", from.Why, to.Why)
	textChanges(&ch, "how", from.How, to.How)
	ch.add("icon", from.Icon, to.Icon)
	ch.add("critical", from.Critical, to.Critical)
	ch.add("sources", joinList(from.Sources), joinList(to.Sources))
	return ch
}

// ItemByID returns one checklist item.
func (s *Store) ItemByID(ctx context.Context, id uint) (*ChecklistItem, error) {
	var it ChecklistItem
	if err := s.DB.WithContext(ctx).First(&it, id).Error; err != nil {
		return nil, notFound(err, "checklist item")
	}
	return &it, nil
}

// touchStage marks a stage changed: the bundle ships whole stages, so an
// item's change (or deletion) travels as its stage.
func touchStage(tx *gorm.DB, id uint, rev int64) error {
	if err := tx.Model(&ChecklistStage{}).Where("id = ?", id).UpdateColumn("revision", rev).Error; err != nil {
		return fmt.Errorf("mark stage %d changed: %w", id, err)
	}
	return nil
}

// SaveItem creates (id 0) or replaces a checklist item; its stage (and the
// stage it left, if it moved) is stamped with the new revision.
func (s *Store) SaveItem(ctx context.Context, who Actor, id uint, in ItemInput) (ItemView, error) {
	fe := FieldErrors{}
	next := in.validate(fe)
	if err := fe.Err(); err != nil {
		return ItemView{}, err
	}
	id, err := s.contentWrite(ctx, who, EntityChecklistItem, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		var n int64
		if err := tx.Model(&ChecklistStage{}).Where("id = ?", next.StageID).Count(&n).Error; err != nil {
			return 0, "", nil, fmt.Errorf("check stage: %w", err)
		}
		if n == 0 {
			return 0, "", nil, FieldErrors{"stage_id": NotFound("no such stage")}.Err()
		}
		return saveContent(tx, "checklist item", id, in.BasedOn, &next, next.Key, rev, itemChanges, func(cur *ChecklistItem) error {
			if err := touchStage(tx, next.StageID, rev); err != nil {
				return err
			}
			if cur.StageID != 0 && cur.StageID != next.StageID {
				return touchStage(tx, cur.StageID, rev)
			}
			return nil
		})
	})
	if err != nil {
		return ItemView{}, err
	}
	it, err := s.ItemByID(ctx, id)
	if err != nil {
		return ItemView{}, err
	}
	return it.View(), nil
}

// DeleteItem removes a checklist item. No tombstone: phones replace whole
// stages, so the stage is re-sent without the item.
func (s *Store) DeleteItem(ctx context.Context, who Actor, id uint, based BasedOn) error {
	_, err := s.contentWrite(ctx, who, EntityChecklistItem, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		var cur ChecklistItem
		if err := tx.First(&cur, id).Error; err != nil {
			return 0, "", nil, notFound(err, "checklist item")
		}
		if err := based.checkIfGiven("checklist item", &cur); err != nil {
			return 0, "", nil, err
		}
		if err := tx.Delete(&ChecklistItem{}, id).Error; err != nil {
			return 0, "", nil, fmt.Errorf("delete checklist item: %w", err)
		}
		if err := touchStage(tx, cur.StageID, rev); err != nil {
			return 0, "", nil, err
		}
		if err := deleteClipsOf(tx, who, ClipItem, id, rev); err != nil {
			return 0, "", nil, err
		}
		return id, "delete", changeList{{Field: "deleted", From: false, To: true}}, nil
	})
	return err
}

// ---- Questions ----

// QuestionInput is a red-flag question as the console sends it.
type QuestionInput struct {
	BasedOn
	Key      string `json:"key"`
	Position int    `json:"position"`
	Text     Text   `json:"text"`
	Weight   int    `json:"weight"`
	// RedFlag is the answer that is the warning sign; left out on create it
	// is "yes", as for every question before plainly asked ones.
	RedFlag     string   `json:"red_flag" doc:"enum=answer"`
	Explanation Text     `json:"explanation" text:"long"`
	Sources     []string `json:"sources" doc:"max=20,itemmax=500"`
}

// Input returns the editable fields of q.
func (q *Question) Input() QuestionInput {
	return QuestionInput{Key: q.Key, Position: q.Position, Text: q.Text, Weight: q.Weight, RedFlag: q.redFlag(), Explanation: q.Explanation, Sources: q.Sources}
}

func (in QuestionInput) validate(fe FieldErrors) Question {
	q := Question{Key: checkKey(in.Key, "question", fe), Position: checkPosition(in.Position, fe), Text: in.Text.Trimmed(),
		Weight: in.Weight, RedFlag: in.RedFlag, Explanation: in.Explanation.Trimmed()}
	if q.RedFlag == "" {
		q.RedFlag = AnswerYes
	}
	if !oneOf(q.RedFlag, Answers) {
		fe.Problem("red_flag", OneOf(Answers...).Say(`must be "yes" or "no": the answer that is the warning sign`))
	}
	q.Text.Validate("text", true, 500, fe)
	q.Explanation.Validate("explanation", true, contentTextMax, fe)
	if q.Weight < 1 || q.Weight > 3 {
		fe.Problem("weight", OutOfRange(1, 3).Say("must be 1 (a sign), 2 (a strong sign) or 3 (danger on its own)"))
	}
	q.Sources = checkSources(in.Sources, fe)
	return q
}

func questionChanges(from, to *Question) changeList {
	var ch changeList
	ch.add("key", from.Key, to.Key)
	ch.add("position", from.Position, to.Position)
	textChanges(&ch, "text", from.Text, to.Text)
	ch.add("weight", from.Weight, to.Weight)
	ch.add("red_flag", from.redFlag(), to.redFlag())
	textChanges(&ch, "explanation", from.Explanation, to.Explanation)
	ch.add("sources", joinList(from.Sources), joinList(to.Sources))
	return ch
}

// QuestionByID returns one question.
func (s *Store) QuestionByID(ctx context.Context, id uint) (*Question, error) {
	var q Question
	if err := s.DB.WithContext(ctx).First(&q, id).Error; err != nil {
		return nil, notFound(err, "question")
	}
	return &q, nil
}

// SaveQuestion creates (id 0) or replaces a question.
func (s *Store) SaveQuestion(ctx context.Context, who Actor, id uint, in QuestionInput) (QuestionView, error) {
	fe := FieldErrors{}
	next := in.validate(fe)
	if err := fe.Err(); err != nil {
		return QuestionView{}, err
	}
	id, err := s.contentWrite(ctx, who, EntityQuestion, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		return saveContent(tx, "question", id, in.BasedOn, &next, next.Key, rev, questionChanges, nil)
	})
	if err != nil {
		return QuestionView{}, err
	}
	q, err := s.QuestionByID(ctx, id)
	if err != nil {
		return QuestionView{}, err
	}
	return q.View(), nil
}

// DeleteQuestion removes a question and leaves a tombstone.
func (s *Store) DeleteQuestion(ctx context.Context, who Actor, id uint, based BasedOn) error {
	_, err := s.contentWrite(ctx, who, EntityQuestion, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		if err := deleteClipsOf(tx, who, ClipQuestion, id, rev); err != nil {
			return 0, "", nil, err
		}
		return deleteWithTombstone[Question](tx, KindQuestion, "question", id, based, rev)
	})
	return err
}

// ---- Phrases ----

// PhraseInput is a phrase card as the console sends it.
type PhraseInput struct {
	BasedOn
	Key      string `json:"key"`
	Position int    `json:"position"`
	Category string `json:"category" doc:"max=32"`
	Text     Text   `json:"text"`
}

// Input returns the editable fields of p.
func (p *Phrase) Input() PhraseInput {
	return PhraseInput{Key: p.Key, Position: p.Position, Category: p.Category, Text: p.Text}
}

func (in PhraseInput) validate(fe FieldErrors) Phrase {
	p := Phrase{Key: checkKey(in.Key, "phrase", fe), Position: checkPosition(in.Position, fe), Category: strings.TrimSpace(in.Category), Text: in.Text.Trimmed()}
	p.Text.Validate("text", true, 500, fe)
	checkLen(fe, "category", p.Category, 32)
	return p
}

func phraseChanges(from, to *Phrase) changeList {
	var ch changeList
	ch.add("key", from.Key, to.Key)
	ch.add("position", from.Position, to.Position)
	ch.add("category", from.Category, to.Category)
	textChanges(&ch, "text", from.Text, to.Text)
	return ch
}

// PhraseByID returns one phrase.
func (s *Store) PhraseByID(ctx context.Context, id uint) (*Phrase, error) {
	var p Phrase
	if err := s.DB.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound(err, "phrase")
	}
	return &p, nil
}

// SavePhrase creates (id 0) or replaces a phrase card.
func (s *Store) SavePhrase(ctx context.Context, who Actor, id uint, in PhraseInput) (PhraseView, error) {
	fe := FieldErrors{}
	next := in.validate(fe)
	if err := fe.Err(); err != nil {
		return PhraseView{}, err
	}
	id, err := s.contentWrite(ctx, who, EntityPhrase, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		return saveContent(tx, "phrase", id, in.BasedOn, &next, next.Key, rev, phraseChanges, nil)
	})
	if err != nil {
		return PhraseView{}, err
	}
	p, err := s.PhraseByID(ctx, id)
	if err != nil {
		return PhraseView{}, err
	}
	return p.View(), nil
}

// DeletePhrase removes a phrase card and leaves a tombstone.
func (s *Store) DeletePhrase(ctx context.Context, who Actor, id uint, based BasedOn) error {
	_, err := s.contentWrite(ctx, who, EntityPhrase, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		if err := deleteClipsOf(tx, who, ClipPhrase, id, rev); err != nil {
			return 0, "", nil, err
		}
		return deleteWithTombstone[Phrase](tx, KindPhrase, "phrase", id, based, rev)
	})
	return err
}
