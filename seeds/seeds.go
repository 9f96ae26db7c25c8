// Package seeds holds the content a new database starts with (checklist,
// questions, phrases, contacts from the research notes, demo agencies) and
// loads it exactly once per record.
package seeds

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"

	"gorm.io/gorm"

	"paidee/models"
)

//go:embed data/*.json
var files embed.FS

type contactSeed struct {
	Key        string      `json:"key"`
	Country    string      `json:"country"`
	Province   string      `json:"province"`
	Category   string      `json:"category"`
	Name       models.Text `json:"name"`
	Notes      models.Text `json:"notes"`
	Phones     []string    `json:"phones"`
	LineID     string      `json:"line_id"`
	Hours      models.Text `json:"hours"`
	Languages  []string    `json:"languages"`
	SourceURL  string      `json:"source_url"`
	CheckedOn  string      `json:"checked_on"`
	Check      string      `json:"check"`
	Confidence string      `json:"confidence"`
	Position   int         `json:"position"`
	Featured   bool        `json:"featured"`
	Review     string      `json:"review"` // for native-speaker review; not loaded
}

type stageSeed struct {
	Key    string      `json:"key"`
	Title  models.Text `json:"title"`
	Items  []itemSeed  `json:"items"`
	Review string      `json:"review"`
}

type itemSeed struct {
	Key      string      `json:"key"`
	Title    models.Text `json:"title"`
	Why      models.Text `json:"why"`
	How      models.Text `json:"how"`
	Icon     string      `json:"icon"`
	Critical bool        `json:"critical"`
	Sources  []string    `json:"sources"`
	Review   string      `json:"review"`
}

type questionSeed struct {
	Key         string      `json:"key"`
	Text        models.Text `json:"text"`
	Weight      int         `json:"weight"`
	RedFlag     string      `json:"red_flag"` // the answer that is the warning sign; "" = "yes"
	Explanation models.Text `json:"explanation"`
	Sources     []string    `json:"sources"`
	Review      string      `json:"review"`
}

type phraseSeed struct {
	Key      string      `json:"key"`
	Category string      `json:"category"`
	Text     models.Text `json:"text"`
	Review   string      `json:"review"`
}

// costSeed is an official cost item (facts.md sections 4 and 8): each keeps
// its source and the date it was checked.
type costSeed struct {
	models.CostItemInput
	Review string `json:"review"`
}

// agencySeed is a demo listing: the fields a verifier would send, plus when
// it was last checked and its public history.
type agencySeed struct {
	models.AgencyCreate
	LastVerifiedAt *time.Time    `json:"last_verified_at"`
	History        []historySeed `json:"history"`
	Review         string        `json:"review"`
}

type historySeed struct {
	At     time.Time `json:"at"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason"`
}

// Content is every seed file, parsed.
type Content struct {
	Contacts  []contactSeed  `json:"contacts"`
	Stages    []stageSeed    `json:"stages"`
	Questions []questionSeed `json:"questions"`
	Phrases   []phraseSeed   `json:"phrases"`
	Agencies  []agencySeed   `json:"agencies"`
	CostItems []costSeed     `json:"cost_items"`
}

// Parse reads and validates the embedded seed files.
func Parse() (*Content, error) {
	c := &Content{}
	for _, f := range []string{"contacts.json", "checklist.json", "questions.json", "phrases.json", "agencies_demo.json", "cost_items.json"} {
		raw, err := fs.ReadFile(files, "data/"+f)
		if err != nil {
			return nil, fmt.Errorf("seed file %s: %w", f, err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(c); err != nil {
			return nil, fmt.Errorf("seed file %s: %w", f, err)
		}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Options choose what Load loads.
type Options struct {
	Demo bool // load the fictional demo agencies
}

// Load adds every seed record that was never loaded before, in one
// revision. Records already loaded once are never loaded again, so a restart
// neither duplicates them nor undoes an administrator's edit or deletion.
// It returns how many records it added.
func Load(ctx context.Context, store *models.Store, opt Options) (int, error) {
	c, err := Parse()
	if err != nil {
		return 0, err
	}
	marks := map[string]bool{}
	var existing []models.SeedMark
	if err := store.DB.WithContext(ctx).Find(&existing).Error; err != nil {
		return 0, fmt.Errorf("read seed marks: %w", err)
	}
	for _, m := range existing {
		marks[m.Kind+"/"+m.Key] = true
	}
	todo := c.pending(marks, opt)
	if todo == 0 {
		return 0, nil
	}
	added := 0
	err = store.Write(ctx, func(tx *gorm.DB, rev int64) error {
		models.LogApprovals(tx, 0) // loaded by the program, approved by no one
		added = 0
		mark := func(kind, key string) error {
			added++
			return tx.Create(&models.SeedMark{Kind: kind, Key: key}).Error
		}
		for i, s := range c.Contacts {
			if marks["contact/"+s.Key] {
				continue
			}
			ct := models.Contact{Key: s.Key, Country: s.Country, Province: s.Province, Category: s.Category,
				Name: s.Name, Notes: s.Notes, Phones: s.Phones, LineID: s.LineID, Hours: s.Hours,
				Languages: s.Languages, SourceURL: s.SourceURL, CheckedOn: s.CheckedOn, Check: s.Check,
				Confidence: s.Confidence, Position: orDefault(s.Position, i+1), Featured: s.Featured, Revision: rev}
			if err := tx.Create(&ct).Error; err != nil {
				return fmt.Errorf("seed contact %s: %w", s.Key, err)
			}
			if err := mark("contact", s.Key); err != nil {
				return err
			}
		}
		for si, s := range c.Stages {
			var stage models.ChecklistStage
			err := tx.Where("key = ?", s.Key).Limit(1).Find(&stage).Error
			if err != nil {
				return fmt.Errorf("find stage %s: %w", s.Key, err)
			}
			if stage.ID == 0 {
				if marks["stage/"+s.Key] {
					continue // an administrator deleted it
				}
				stage = models.ChecklistStage{Key: s.Key, Position: si + 1, Title: s.Title, Revision: rev}
				if err := tx.Create(&stage).Error; err != nil {
					return fmt.Errorf("seed stage %s: %w", s.Key, err)
				}
				if err := mark("stage", s.Key); err != nil {
					return err
				}
			}
			for ii, it := range s.Items {
				if marks["item/"+it.Key] {
					continue
				}
				item := models.ChecklistItem{StageID: stage.ID, Key: it.Key, Position: ii + 1, Title: it.Title,
					Why: it.Why, How: it.How, Icon: it.Icon, Critical: it.Critical, Sources: it.Sources, Revision: rev}
				if err := tx.Create(&item).Error; err != nil {
					return fmt.Errorf("seed checklist item %s: %w", it.Key, err)
				}
				if err := tx.Model(&stage).UpdateColumn("revision", rev).Error; err != nil {
					return fmt.Errorf("seed stage %s: %w", s.Key, err)
				}
				if err := mark("item", it.Key); err != nil {
					return err
				}
			}
		}
		for i, s := range c.Questions {
			if marks["question/"+s.Key] {
				continue
			}
			q := models.Question{Key: s.Key, Position: i + 1, Text: s.Text, Weight: s.Weight, RedFlag: orYes(s.RedFlag),
				Explanation: s.Explanation, Sources: s.Sources, Revision: rev}
			if err := tx.Create(&q).Error; err != nil {
				return fmt.Errorf("seed question %s: %w", s.Key, err)
			}
			if err := mark("question", s.Key); err != nil {
				return err
			}
		}
		for i, s := range c.Phrases {
			if marks["phrase/"+s.Key] {
				continue
			}
			p := models.Phrase{Key: s.Key, Position: i + 1, Category: s.Category, Text: s.Text, Revision: rev}
			if err := tx.Create(&p).Error; err != nil {
				return fmt.Errorf("seed phrase %s: %w", s.Key, err)
			}
			if err := mark("phrase", s.Key); err != nil {
				return err
			}
		}
		for i, s := range c.CostItems {
			if marks["cost/"+s.Key] {
				continue
			}
			ci := models.ValidateCostItem(s.CostItemInput, models.FieldErrors{}) // checked in Parse
			ci.Position, ci.Revision = orDefault(s.Position, i+1), rev
			if err := tx.Create(&ci).Error; err != nil {
				return fmt.Errorf("seed cost item %s: %w", s.Key, err)
			}
			if err := mark("cost", s.Key); err != nil {
				return err
			}
		}
		if !opt.Demo {
			return nil
		}
		for _, s := range c.Agencies {
			key := models.LicenceKey(s.LicenceNo)
			if marks["agency/"+key] {
				continue
			}
			a := s.agency()
			if fe := models.ValidateAgency(&a); len(fe) > 0 {
				return fmt.Errorf("seed agency %s: %w", s.LicenceNo, fe.Err())
			}
			if err := models.InsertAgency(tx, &a, rev); err != nil {
				return fmt.Errorf("seed agency %s: %w", s.LicenceNo, err)
			}
			for _, h := range s.History {
				sc := models.StatusChange{AgencyID: a.ID, At: h.At, From: h.From, To: h.To, Reason: h.Reason}
				if err := tx.Create(&sc).Error; err != nil {
					return fmt.Errorf("seed history of %s: %w", s.LicenceNo, err)
				}
			}
			if err := mark("agency", key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func (s agencySeed) agency() models.Agency {
	return models.Agency{LicenceNo: s.LicenceNo, NameLo: s.NameLo, NameEn: s.NameEn, Province: s.Province,
		District: s.District, Phones: s.Phones, Sectors: s.Sectors, Status: s.Status,
		LicenceIssued: s.LicenceIssued, LicenceExpires: s.LicenceExpires, LastVerifiedAt: s.LastVerifiedAt,
		PublicNotes: s.PublicNotes, Demo: true}
}

// pending counts the records not loaded yet.
func (c *Content) pending(marks map[string]bool, opt Options) int {
	n := 0
	count := func(kind, key string) {
		if !marks[kind+"/"+key] {
			n++
		}
	}
	for _, s := range c.Contacts {
		count("contact", s.Key)
	}
	for _, s := range c.Stages {
		count("stage", s.Key)
		for _, it := range s.Items {
			count("item", it.Key)
		}
	}
	for _, s := range c.Questions {
		count("question", s.Key)
	}
	for _, s := range c.Phrases {
		count("phrase", s.Key)
	}
	for _, s := range c.CostItems {
		count("cost", s.Key)
	}
	if opt.Demo {
		for _, s := range c.Agencies {
			count("agency", models.LicenceKey(s.LicenceNo))
		}
	}
	return n
}

func orDefault(v, d int) int {
	if v != 0 {
		return v
	}
	return d
}

// orYes is a seed question's red flag: "yes" unless the file says "no".
func orYes(v string) string {
	if v == "" {
		return models.AnswerYes
	}
	return v
}
