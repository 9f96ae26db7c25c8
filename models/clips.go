package models

// Voice: recorded clips of the app's texts, for people who read little.
// A clip is one recording of one text (a checklist item, a question with
// its explanation, a phrase card, a fixed verdict) in one language (lo or
// th; for a phrase card, lo is the Lao meaning and th the Thai sentence
// spoken for the officer).
//
// The audio is stored in the database (ClipAudio, by its SHA-256), beside
// the public reference (Clip), not in the data directory: replicas share
// only the database (README, "Running on several machines"), so a clip
// uploaded through one must be served by every other, and a backup or
// restore of the database must carry the clips with the references that
// name them. At 1 MB a clip and a few hundred texts, that is tens of MB.
//
// The reference is public content like a question: it is stamped with the
// revision, logged in the public log (hash, size, length, format: never
// the audio), carried by the bundle's delta, and its change is audited.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"paidee/models/audio"
)

// Clip limits.
const (
	MaxClipBytes    = 1 << 20
	MaxClipDuration = 60 * time.Second
)

// Kinds of text a clip can be of.
const (
	ClipItem     = "item"
	ClipQuestion = "question"
	ClipPhrase   = "phrase"
	ClipVerdict  = "verdict"
)

// ClipTargetTypes lists them.
var ClipTargetTypes = []string{ClipItem, ClipQuestion, ClipPhrase, ClipVerdict}

// ClipLangs are the languages clips are recorded in (the people who need
// a voice read Lao or Thai, not English).
var ClipLangs = []string{"lo", "th"}

// Verdicts are the fixed texts of the app that can have a clip: each
// licence status with its advice, "not on the list", and the job-check
// results.
var Verdicts = []string{"status-licensed", "status-suspended", "status-expired", "status-revoked", "status-illegal",
	"not-listed", "job-danger", "job-careful", "job-safe"}

// ECodeRange is a Range request past the end of a recording (416).
const ECodeRange = "range_not_satisfiable"

// KindClip names clips in the bundle, its deletions and the public log.
const KindClip = "clips"

// EntityClip is the audit entity of clips.
const EntityClip = "clip"

// Clip is the public reference to one recording.
type Clip struct {
	ID         uint   `gorm:"primaryKey"`
	TargetType string `gorm:"size:16;not null;uniqueIndex:idx_clip_target"`
	TargetID   uint   `gorm:"not null;uniqueIndex:idx_clip_target"` // 0 for a verdict
	Verdict    string `gorm:"size:32;not null;uniqueIndex:idx_clip_target"`
	Lang       string `gorm:"size:2;not null;uniqueIndex:idx_clip_target"`
	SHA256     string `gorm:"size:64;not null;index"`
	Bytes      int    `gorm:"not null"`
	DurationMS int    `gorm:"not null"`
	Format     string `gorm:"size:16;not null"`
	Revision   int64  `gorm:"not null;index"`
	UpdatedAt  time.Time
}

// ClipAudio is the bytes of a recording, by content hash: two references
// to the same recording share one row.
type ClipAudio struct {
	SHA256    string `gorm:"primaryKey;size:64"`
	Format    string `gorm:"size:16;not null"`
	Data      []byte `gorm:"not null"`
	CreatedAt time.Time
}

// ClipView is a clip's reference as the bundle and the log carry it.
type ClipView struct {
	ID uint `json:"id"`
	// Target names the text: "question:3", "item:12", "phrase:5", "verdict:not-listed".
	Target     string `json:"target"`
	TargetType string `json:"target_type" doc:"enum=clip_target"`
	TargetID   uint   `json:"target_id"` // 0 for a verdict
	Verdict    string `json:"verdict"`   // "" unless a verdict
	Lang       string `json:"lang" doc:"enum=clip_lang"`
	SHA256     string `json:"sha256"` // the audio is at /api/v1/clips/{sha256}
	Bytes      int    `json:"bytes"`
	DurationMS int    `json:"duration_ms"`
	Type       string `json:"type"` // the audio's Content-Type
	Revision   int64  `json:"revision"`
}

// View returns the public reference.
func (c *Clip) View() ClipView {
	return ClipView{ID: c.ID, Target: c.target(), TargetType: c.TargetType, TargetID: c.TargetID, Verdict: c.Verdict,
		Lang: c.Lang, SHA256: c.SHA256, Bytes: c.Bytes, DurationMS: c.DurationMS, Type: audio.MIME[c.Format], Revision: c.Revision}
}

func (c *Clip) target() string {
	if c.TargetType == ClipVerdict {
		return ClipVerdict + ":" + c.Verdict
	}
	return c.TargetType + ":" + strconv.FormatUint(uint64(c.TargetID), 10)
}

func (c *Clip) savedRev() int64 { return c.Revision }
func (c *Clip) published() any  { return c.View() }

// ClipTarget is a parsed target: a kind of text and which one.
type ClipTarget struct {
	Type    string
	ID      uint
	Verdict string
}

// ParseClipTarget reads "question:3" or "verdict:not-listed".
func ParseClipTarget(s string) (ClipTarget, error) {
	typ, ref, ok := strings.Cut(s, ":")
	bad := func(p string) error {
		return &Error{Code: ECodeInvalid, Message: "some fields are not valid", Fields: FieldErrors{"target": BadTarget(p)}}
	}
	if !ok || len(s) > 64 {
		return ClipTarget{}, bad(`must be "item:ID", "question:ID", "phrase:ID" or "verdict:NAME"`)
	}
	switch typ {
	case ClipItem, ClipQuestion, ClipPhrase:
		n, err := strconv.ParseUint(ref, 10, 31)
		if err != nil || n == 0 {
			return ClipTarget{}, bad("the id after " + typ + ": must be a whole number")
		}
		return ClipTarget{Type: typ, ID: uint(n)}, nil
	case ClipVerdict:
		if !oneOf(ref, Verdicts) {
			return ClipTarget{}, bad("the verdict must be one of " + strings.Join(Verdicts, ", "))
		}
		return ClipTarget{Type: typ, Verdict: ref}, nil
	}
	return ClipTarget{}, bad("the kind must be one of " + strings.Join(ClipTargetTypes, ", "))
}

// exists checks that the text a clip is of is there.
func (ct ClipTarget) exists(tx *gorm.DB) error {
	var model any
	var what string
	switch ct.Type {
	case ClipItem:
		model, what = &ChecklistItem{}, "checklist item"
	case ClipQuestion:
		model, what = &Question{}, "question"
	case ClipPhrase:
		model, what = &Phrase{}, "phrase"
	default:
		return nil
	}
	var n int64
	if err := tx.Model(model).Where("id = ?", ct.ID).Count(&n).Error; err != nil {
		return fmt.Errorf("check clip target: %w", err)
	}
	if n == 0 {
		return Errorf(ECodeNotFound, "%s %d not found: a clip must be of an existing %s", what, ct.ID, what)
	}
	return nil
}

func checkClipLang(lang string) error {
	if !oneOf(lang, ClipLangs) {
		return &Error{Code: ECodeInvalid, Message: "some fields are not valid", Fields: FieldErrors{"lang": OneOf(ClipLangs...)}}
	}
	return nil
}

// CheckClipAudio recognises a recording and checks its limits. A file that
// is not audio of an accepted kind is ECodeUnsupported (415); a damaged
// one, another codec, or one too long is ECodeInvalid (422), in field audio.
func CheckClipAudio(b []byte) (audio.Info, error) {
	if len(b) > MaxClipBytes {
		return audio.Info{}, Errorf(ECodeTooLarge, "the recording is %s; a clip may be at most 1 MB", byteSize(len(b)))
	}
	info, err := audio.Sniff(b)
	var be *audio.BrokenError
	var ce *audio.WrongCodecError
	switch {
	case errors.Is(err, audio.ErrUnknown):
		return info, &Error{Code: ECodeUnsupported, Message: "this file is " + describeBytes(b) + ", " + err.Error(),
			Fields: FieldErrors{"audio": BadAudio()}}
	case errors.As(err, &be), errors.As(err, &ce):
		return info, &Error{Code: ECodeInvalid, Message: err.Error(), Fields: FieldErrors{"audio": DamagedAudio(err.Error())}}
	case err != nil:
		return info, fmt.Errorf("read recording: %w", err)
	}
	if info.Duration > MaxClipDuration {
		return info, &Error{Code: ECodeInvalid, Message: fmt.Sprintf("the recording is %s long; a clip may be at most 60 s", roundDuration(info.Duration)),
			Fields: FieldErrors{"audio": TooLongAudio(int(MaxClipDuration.Seconds()))}}
	}
	return info, nil
}

func roundDuration(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 60 {
		return fmt.Sprintf("%d min %d s", s/60, s%60)
	}
	return fmt.Sprintf("%d s", s)
}

func byteSize(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// describeBytes says what a refused file looks like, so the person who
// sent it knows what they sent.
func describeBytes(b []byte) string {
	switch {
	case len(b) == 0:
		return "empty"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WAVE":
		return "a WAV recording (not compressed)"
	case len(b) >= 4 && string(b[:4]) == "fLaC":
		return "a FLAC recording"
	case len(b) >= 4 && string(b[:4]) == "%PDF":
		return "a PDF document"
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF, len(b) >= 4 && string(b[1:4]) == "PNG":
		return "a picture"
	}
	text := true
	for _, c := range b[:min(len(b), 512)] {
		if c < 0x09 || (c > 0x0D && c < 0x20) {
			text = false
			break
		}
	}
	if text {
		return "text"
	}
	return "of an unknown kind"
}

// ClipUpload is a recording sent for one text in one language.
type ClipUpload struct {
	Target string
	Lang   string
	Audio  []byte
	// Revision, when set, is the revision of the clip the admin replaces:
	// a clip re-recorded by someone else meanwhile gets 409.
	Revision *int64
}

// SaveClip adds or replaces the clip of a text in a language: one audited
// change, logged and stamped with the new revision, in one transaction
// with its audio. created says whether there was none before.
func (s *Store) SaveClip(ctx context.Context, who Actor, up ClipUpload) (view ClipView, created bool, err error) {
	ct, err := ParseClipTarget(up.Target)
	if err != nil {
		return ClipView{}, false, err
	}
	if err := checkClipLang(up.Lang); err != nil {
		return ClipView{}, false, err
	}
	info, err := CheckClipAudio(up.Audio)
	if err != nil {
		return ClipView{}, false, err
	}
	sum := sha256.Sum256(up.Audio)
	next := Clip{TargetType: ct.Type, TargetID: ct.ID, Verdict: ct.Verdict, Lang: up.Lang,
		SHA256: hex.EncodeToString(sum[:]), Bytes: len(up.Audio), DurationMS: int(info.Duration / time.Millisecond), Format: info.Format}
	id, err := s.contentWrite(ctx, who, EntityClip, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		if err := ct.exists(tx); err != nil {
			return 0, "", nil, err
		}
		var cur Clip
		found, err := findClip(tx, ct, up.Lang, &cur)
		if err != nil {
			return 0, "", nil, err
		}
		var ch changeList
		ch.add("sha256", cur.SHA256, next.SHA256)
		ch.add("bytes", cur.Bytes, next.Bytes)
		ch.add("duration_ms", cur.DurationMS, next.DurationMS)
		ch.add("format", cur.Format, next.Format)
		action := "create"
		if found {
			if err := (BasedOn{Revision: up.Revision}).checkIfGiven("clip", &cur); err != nil {
				return 0, "", nil, err
			}
			action = "update"
			if cur.SHA256 == next.SHA256 {
				return cur.ID, action, nil, nil
			}
			next.ID = cur.ID
		} else {
			ch = append(changeList{{Field: "target", From: "", To: next.target()}, {Field: "lang", From: "", To: next.Lang}}, ch...)
		}
		if err := putClipAudio(tx, next.SHA256, info.Format, up.Audio); err != nil {
			return 0, "", nil, err
		}
		next.Revision = rev
		if err := tx.Save(&next).Error; err != nil {
			return 0, "", nil, fmt.Errorf("save clip: %w", err)
		}
		if found {
			if err := dropUnusedAudio(tx, cur.SHA256); err != nil {
				return 0, "", nil, err
			}
		}
		created = !found
		return next.ID, action, ch, nil
	})
	if err != nil {
		return ClipView{}, false, err
	}
	var c Clip
	if err := s.DB.WithContext(ctx).First(&c, id).Error; err != nil {
		return ClipView{}, false, notFound(err, "clip")
	}
	return c.View(), created, nil
}

func findClip(tx *gorm.DB, ct ClipTarget, lang string, out *Clip) (bool, error) {
	var list []Clip
	err := tx.Where("target_type = ? AND target_id = ? AND verdict = ? AND lang = ?", ct.Type, ct.ID, ct.Verdict, lang).
		Limit(1).Find(&list).Error
	if err != nil {
		return false, fmt.Errorf("find clip: %w", err)
	}
	if len(list) == 0 {
		return false, nil
	}
	*out = list[0]
	return true, nil
}

func putClipAudio(tx *gorm.DB, sha, format string, b []byte) error {
	var n int64
	if err := tx.Model(&ClipAudio{}).Where("sha256 = ?", sha).Count(&n).Error; err != nil {
		return fmt.Errorf("check clip audio: %w", err)
	}
	if n > 0 {
		return nil
	}
	if err := tx.Create(&ClipAudio{SHA256: sha, Format: format, Data: b}).Error; err != nil {
		return fmt.Errorf("store clip audio: %w", err)
	}
	return nil
}

// dropUnusedAudio deletes a recording no clip refers to any more. A phone
// whose copy still names it gets 404 for it until its next sync, which
// brings the new reference; kept forever, every re-recording would stay.
func dropUnusedAudio(tx *gorm.DB, sha string) error {
	var n int64
	if err := tx.Model(&Clip{}).Where("sha256 = ?", sha).Count(&n).Error; err != nil {
		return fmt.Errorf("check clip audio use: %w", err)
	}
	if n > 0 {
		return nil
	}
	if err := tx.Where("sha256 = ?", sha).Delete(&ClipAudio{}).Error; err != nil {
		return fmt.Errorf("delete clip audio: %w", err)
	}
	return nil
}

// DeleteClip removes the clip of a text in a language.
func (s *Store) DeleteClip(ctx context.Context, who Actor, target, lang string, based BasedOn) error {
	ct, err := ParseClipTarget(target)
	if err != nil {
		return err
	}
	if err := checkClipLang(lang); err != nil {
		return err
	}
	_, err = s.contentWrite(ctx, who, EntityClip, func(tx *gorm.DB, rev int64) (uint, string, changeList, error) {
		var cur Clip
		found, err := findClip(tx, ct, lang, &cur)
		if err != nil {
			return 0, "", nil, err
		}
		if !found {
			return 0, "", nil, Errorf(ECodeNotFound, "no %s clip for %s", lang, target)
		}
		if err := based.checkIfGiven("clip", &cur); err != nil {
			return 0, "", nil, err
		}
		if err := deleteClipRow(tx, &cur, rev); err != nil {
			return 0, "", nil, err
		}
		return cur.ID, "delete", changeList{{Field: "deleted", From: false, To: true}, {Field: "sha256", From: cur.SHA256, To: ""}}, nil
	})
	return err
}

func deleteClipRow(tx *gorm.DB, c *Clip, rev int64) error {
	if err := tx.Delete(&Clip{}, c.ID).Error; err != nil {
		return fmt.Errorf("delete clip %d: %w", c.ID, err)
	}
	if err := AddTombstone(tx, KindClip, c.ID, rev); err != nil {
		return err
	}
	return dropUnusedAudio(tx, c.SHA256)
}

// deleteClipsOf removes the clips of a text that is being deleted, in the
// same write, each with its audit entry: a clip of nothing would play on
// no card and stay in every phone's download.
func deleteClipsOf(tx *gorm.DB, who Actor, typ string, id uint, rev int64) error {
	var list []Clip
	if err := tx.Where("target_type = ? AND target_id = ?", typ, id).Order("id").Find(&list).Error; err != nil {
		return fmt.Errorf("find clips of %s %d: %w", typ, id, err)
	}
	for i := range list {
		if err := deleteClipRow(tx, &list[i], rev); err != nil {
			return err
		}
		if err := audit(tx, who, EntityClip, list[i].ID, "delete",
			[]FieldChange{{Field: "deleted", From: false, To: true}, {Field: "sha256", From: list[i].SHA256, To: ""}},
			"its "+typ+" was deleted", ""); err != nil {
			return err
		}
	}
	return nil
}

// ListClips returns every clip's reference, by target.
func (s *Store) ListClips(ctx context.Context) ([]ClipView, error) {
	return s.clipsSince(ctx, -1, 1<<62)
}

func (s *Store) clipsSince(ctx context.Context, since, upTo int64) ([]ClipView, error) {
	var list []Clip
	err := s.DB.WithContext(ctx).Where("revision > ? AND revision <= ?", since, upTo).
		Order("target_type, target_id, verdict, lang").Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("list clips: %w", err)
	}
	out := make([]ClipView, len(list))
	for i := range list {
		out[i] = list[i].View()
	}
	return out, nil
}

// ClipAudioBySHA returns a recording's bytes and Content-Type.
func (s *Store) ClipAudioBySHA(ctx context.Context, sha string) ([]byte, string, error) {
	var list []ClipAudio
	if err := s.DB.WithContext(ctx).Where("sha256 = ?", sha).Limit(1).Find(&list).Error; err != nil {
		return nil, "", fmt.Errorf("read clip audio: %w", err)
	}
	if len(list) == 0 {
		return nil, "", Errorf(ECodeNotFound, "no recording with this hash (it may have been replaced: sync the app)")
	}
	return list[0].Data, audio.MIME[list[0].Format], nil
}
