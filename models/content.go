package models

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gorm.io/gorm"
)

// Contact categories and the countries contacts belong to.
var (
	ContactCategories = []string{"police", "medical", "fire", "hotline", "labour", "embassy", "ngo", "shelter", "legal", "youth", "women"}
	Countries         = []string{"TH", "LA"}
	Confidences       = []string{ConfidenceVerified, ConfidenceUnconfirmed}
	// Answers are the answers of a job-check question.
	Answers = []string{AnswerYes, AnswerNo}
)

// How sure the project is that a contact's numbers work.
const (
	ConfidenceVerified    = "verified"
	ConfidenceUnconfirmed = "unconfirmed"
)

// ContactQuery filters the contact list; empty fields match everything.
type ContactQuery struct {
	Country, Province, Category string
}

// ListContacts returns contacts by country, then position.
func (s *Store) ListContacts(ctx context.Context, q ContactQuery) ([]ContactView, error) {
	db := s.DB.WithContext(ctx).Order("country DESC, position, id")
	if q.Country != "" {
		db = db.Where("country = ?", q.Country)
	}
	if q.Province != "" {
		db = db.Where("LOWER(province) = ?", strings.ToLower(q.Province))
	}
	if q.Category != "" {
		db = db.Where("category = ?", q.Category)
	}
	var list []Contact
	if err := db.Find(&list).Error; err != nil {
		return nil, fmt.Errorf("list contacts: %w", err)
	}
	out := make([]ContactView, len(list))
	for i := range list {
		out[i] = list[i].View()
	}
	return out, nil
}

// Checklist returns every stage with its items, in order.
func (s *Store) Checklist(ctx context.Context) ([]StageView, error) {
	return s.stagesSince(ctx, -1, math.MaxInt64)
}

func (s *Store) stagesSince(ctx context.Context, since, upTo int64) ([]StageView, error) {
	var stages []ChecklistStage
	err := s.DB.WithContext(ctx).Where("revision > ? AND revision <= ?", since, upTo).Order("position, id").
		Preload("Items", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
		Find(&stages).Error
	if err != nil {
		return nil, fmt.Errorf("load checklist: %w", err)
	}
	out := make([]StageView, len(stages))
	for i := range stages {
		out[i] = stages[i].View()
	}
	return out, nil
}

// ListQuestions returns the red-flag questions in order.
func (s *Store) ListQuestions(ctx context.Context) ([]QuestionView, error) {
	var list []Question
	if err := s.DB.WithContext(ctx).Order("position, id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("list questions: %w", err)
	}
	out := make([]QuestionView, len(list))
	for i := range list {
		out[i] = list[i].View()
	}
	return out, nil
}

// ListPhrases returns the phrase cards in order.
func (s *Store) ListPhrases(ctx context.Context) ([]PhraseView, error) {
	var list []Phrase
	if err := s.DB.WithContext(ctx).Order("position, id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("list phrases: %w", err)
	}
	out := make([]PhraseView, len(list))
	for i := range list {
		out[i] = list[i].View()
	}
	return out, nil
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// The answers of a job-check question; one of them is its red flag.
const (
	AnswerYes = "yes"
	AnswerNo  = "no"
)

// redFlag is the answer that is the warning sign; rows written before the
// field existed (and the zero value) mean "yes".
func (q *Question) redFlag() string {
	if q.RedFlag == AnswerNo {
		return AnswerNo
	}
	return AnswerYes
}
