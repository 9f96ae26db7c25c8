package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Cost items: the official costs of going to work in Thailand under the MOU
// (visa, work permit, medical check, insurance, passport, recruitment fee),
// each with its amount, who pays it, the period it holds and its source.
// The "Check the costs" screen compares what an agency asks against them,
// so an amount is a verdict: it must say where it comes from, how sure the
// project is, and when it stops being true.

// Who pays a cost: the worker, the employer (the worker owes nothing of it),
// or not known for sure (the sources disagree).
const (
	PayerWorker     = "worker"
	PayerEmployer   = "employer"
	PayerUnverified = "unverified"
)

var (
	// Payers are the values of a cost item's payer.
	Payers = []string{PayerWorker, PayerEmployer, PayerUnverified}
	// Currencies a cost is stated in: baht, US dollars (the Lao passport
	// fee is set in dollars), kip.
	Currencies = []string{"THB", "USD", "LAK"}
)

// costAmountMax bounds an amount (whole units of its currency): a fee of a
// thousand million kip is a typing error, not a fee.
const costAmountMax = 1_000_000_000

// CostItem is one official cost, in whole units of its currency.
type CostItem struct {
	ID       uint   `gorm:"primaryKey"`
	Key      string `gorm:"size:64;uniqueIndex"`
	Position int    `gorm:"not null;default:0"`
	Title    Text   `gorm:"type:text;serializer:json"`
	Note     Text   `gorm:"type:text;serializer:json"`
	// Amount is nil when the research has no figure to give: the app then
	// says so and sends the worker to the district labour office.
	Amount     *int64 `gorm:""`
	Currency   string `gorm:"size:3;not null"`
	Payer      string `gorm:"size:16;not null"`
	Confidence string `gorm:"size:16;not null"`
	ValidFrom  string `gorm:"size:10"`
	ValidTo    string `gorm:"size:10"`
	SourceURL  string `gorm:"size:500"`
	CheckedOn  string `gorm:"size:10;not null"`
	Revision   int64  `gorm:"not null;index"`
}

// CostItemView is a cost item as published.
type CostItemView struct {
	ID       uint   `json:"id"`
	Key      string `json:"key"`
	Position int    `json:"position"`
	Title    Text   `json:"title"`
	Note     Text   `json:"note"`
	// Amount is null where no figure could be confirmed.
	Amount     *int64  `json:"amount"`
	Currency   string  `json:"currency" doc:"enum=currency"`
	Payer      string  `json:"payer" doc:"enum=payer"`
	Confidence string  `json:"confidence" doc:"enum=confidence"`
	ValidFrom  *string `json:"valid_from" doc:"format=date"`
	ValidTo    *string `json:"valid_to" doc:"format=date"`
	SourceURL  string  `json:"source_url"`
	CheckedOn  string  `json:"checked_on" doc:"format=date"`
	Revision   int64   `json:"revision"`
}

// View returns the public view of c.
func (c *CostItem) View() CostItemView {
	return CostItemView{ID: c.ID, Key: c.Key, Position: c.Position, Title: c.Title, Note: c.Note, Amount: c.Amount,
		Currency: c.Currency, Payer: c.Payer, Confidence: c.Confidence, ValidFrom: optDate(c.ValidFrom),
		ValidTo: optDate(c.ValidTo), SourceURL: c.SourceURL, CheckedOn: c.CheckedOn, Revision: c.Revision}
}

func (c *CostItem) saved(id uint, rev int64) { c.ID, c.Revision = id, rev }
func (c *CostItem) savedID() uint            { return c.ID }
func (c *CostItem) savedRev() int64          { return c.Revision }
func (c *CostItem) published() any           { return c.View() }

// CostItemInput is a cost item as the console sends it. For a patch,
// absent fields keep their value; "amount": null removes the figure.
type CostItemInput struct {
	BasedOn
	Key      string `json:"key"`
	Position int    `json:"position"`
	Title    Text   `json:"title"`
	Note     Text   `json:"note" text:"long"`
	// Amount in whole units of the currency; null or left out: no
	// confirmed figure.
	Amount     *int64 `json:"amount" doc:"min=0"`
	Currency   string `json:"currency" doc:"enum=currency"`
	Payer      string `json:"payer" doc:"enum=payer"`
	Confidence string `json:"confidence" doc:"enum=confidence"`
	ValidFrom  string `json:"valid_from"`
	ValidTo    string `json:"valid_to"`
	SourceURL  string `json:"source_url" doc:"max=500"`
	CheckedOn  string `json:"checked_on"`
}

// amountProblem is what is wrong with an amount outside the rule.
func amountProblem() Problem {
	return OutOfRange(0, costAmountMax).Say(fmt.Sprintf("must be a whole number from 0 to %d, or null when no figure is confirmed", costAmountMax))
}

// NumberProblem says what is wrong with a JSON number (sent, as written)
// for field that is no whole number an int64 holds (1e20, 1.5, 1e3): the
// amount's own rule, so that it is answered as an amount out of range is,
// not as a number of the wrong type.
func (CostItemInput) NumberProblem(field, sent string) (Problem, bool) {
	var none Problem // other fields: the decoder's own answer
	if field != "amount" {
		return none, false
	}
	return amountProblem().Say(fmt.Sprintf("must be a whole number from 0 to %d written in digits (not %s), or null when no figure is confirmed",
		costAmountMax, truncate(sent, 40))), true
}

// Input returns the editable fields of c.
func (c *CostItem) Input() CostItemInput {
	return CostItemInput{Key: c.Key, Position: c.Position, Title: c.Title, Note: c.Note, Amount: c.Amount,
		Currency: c.Currency, Payer: c.Payer, Confidence: c.Confidence, ValidFrom: c.ValidFrom, ValidTo: c.ValidTo,
		SourceURL: c.SourceURL, CheckedOn: c.CheckedOn}
}

// ValidateCostItem checks a cost item as a seed file or the console gives
// it and returns the record to store.
func ValidateCostItem(in CostItemInput, fe FieldErrors) CostItem {
	return in.validate(fe)
}

func (in CostItemInput) validate(fe FieldErrors) CostItem {
	c := CostItem{Key: checkKey(in.Key, "cost", fe), Position: checkPosition(in.Position, fe), Title: in.Title.Trimmed(), Note: in.Note.Trimmed(),
		Amount: in.Amount, Currency: strings.ToUpper(strings.TrimSpace(in.Currency)), Payer: strings.TrimSpace(in.Payer),
		Confidence: strings.TrimSpace(in.Confidence), ValidFrom: strings.TrimSpace(in.ValidFrom),
		ValidTo: strings.TrimSpace(in.ValidTo), SourceURL: strings.TrimSpace(in.SourceURL), CheckedOn: strings.TrimSpace(in.CheckedOn)}
	c.Title.Validate("title", true, 200, fe)
	c.Note.Validate("note", false, contentTextMax, fe)
	if c.Amount != nil && (*c.Amount < 0 || *c.Amount > costAmountMax) {
		fe.Problem("amount", amountProblem())
	}
	if !oneOf(c.Currency, Currencies) {
		fe.Problem("currency", OneOf(Currencies...))
	}
	if !oneOf(c.Payer, Payers) {
		fe.Problem("payer", OneOf(Payers...).Say("must be one of "+strings.Join(Payers, ", ")+": who pays this cost"))
	}
	if !oneOf(c.Confidence, Confidences) {
		fe.Problem("confidence", OneOf(Confidences...))
	}
	if !ValidDate(c.ValidFrom) {
		fe.Problem("valid_from", BadDate().Say("a date, YYYY-MM-DD, or empty"))
	}
	if !ValidDate(c.ValidTo) {
		fe.Problem("valid_to", BadDate().Say("a date, YYYY-MM-DD, or empty"))
	}
	if c.ValidFrom != "" && c.ValidTo != "" && ValidDate(c.ValidFrom) && ValidDate(c.ValidTo) && c.ValidTo < c.ValidFrom {
		fe.Problem("valid_to", DateOrder("valid_from"))
	}
	switch {
	case c.SourceURL == "" && c.Amount != nil:
		// A figure the worker will hold up against an agency must say where it comes from.
		fe.Problem("source_url", RequiredBecause("with an amount: where the figure was found (a web address)").Say("required with an amount: where the figure was found (a web address)"))
	case c.SourceURL != "" && !webAddress(c.SourceURL):
		fe.Problem("source_url", BadURL().Say("must be a web address starting with https://"))
	}
	checkLen(fe, "source_url", c.SourceURL, urlMax)
	if c.CheckedOn == "" || !ValidDate(c.CheckedOn) {
		fe.Problem("checked_on", RequiredBecause("the date it was last checked, YYYY-MM-DD"))
	}
	return c
}

func amountText(a *int64) any {
	if a == nil {
		return nil
	}
	return *a
}

func costChanges(from, to *CostItem) changeList {
	var ch changeList
	ch.add("key", from.Key, to.Key)
	ch.add("position", from.Position, to.Position)
	textChanges(&ch, "title", from.Title, to.Title)
	textChanges(&ch, "note", from.Note, to.Note)
	ch.add("amount", amountText(from.Amount), amountText(to.Amount))
	ch.add("currency", from.Currency, to.Currency)
	ch.add("payer", from.Payer, to.Payer)
	ch.add("confidence", from.Confidence, to.Confidence)
	ch.add("valid_from", from.ValidFrom, to.ValidFrom)
	ch.add("valid_to", from.ValidTo, to.ValidTo)
	ch.add("source_url", from.SourceURL, to.SourceURL)
	ch.add("checked_on", from.CheckedOn, to.CheckedOn)
	return ch
}

// ListCostItems returns the cost items in order.
func (s *Store) ListCostItems(ctx context.Context) ([]CostItemView, error) {
	var list []CostItem
	if err := s.DB.WithContext(ctx).Order("position, id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("list cost items: %w", err)
	}
	out := make([]CostItemView, len(list))
	for i := range list {
		out[i] = list[i].View()
	}
	return out, nil
}

// CostItemByID returns one cost item.
func (s *Store) CostItemByID(ctx context.Context, id uint) (*CostItem, error) {
	var c CostItem
	if err := s.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, notFound(err, "cost item")
	}
	return &c, nil
}

// SaveCostItem creates (id 0) or replaces a cost item, audited and stamped
// with the new revision (so the next bundle and the public log carry it).
func (s *Store) SaveCostItem(ctx context.Context, who Actor, id uint, in CostItemInput) (CostItemView, error) {
	fe := FieldErrors{}
	next := in.validate(fe)
	if err := fe.Err(); err != nil {
		return CostItemView{}, err
	}
	id, err := s.contentWrite(ctx, who, EntityCostItem, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		return saveContent(tx, "cost item", id, in.BasedOn, &next, next.Key, rev, costChanges, nil)
	})
	if err != nil {
		return CostItemView{}, err
	}
	c, err := s.CostItemByID(ctx, id)
	if err != nil {
		return CostItemView{}, err
	}
	return c.View(), nil
}

// DeleteCostItem removes a cost item and leaves a tombstone.
func (s *Store) DeleteCostItem(ctx context.Context, who Actor, id uint, based BasedOn) error {
	_, err := s.contentWrite(ctx, who, EntityCostItem, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		return deleteWithTombstone[CostItem](tx, KindCost, "cost item", id, based, rev)
	})
	return err
}
