package models

import (
	"time"

	"gorm.io/gorm"
)

// Setting is a small key/value row (dataset id, ...).
type Setting struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"size:512"`
}

// Counter is a named number advanced inside write transactions. The only one
// today is the global data revision.
type Counter struct {
	Name  string `gorm:"primaryKey;size:64"`
	Value int64  `gorm:"not null"`
}

const (
	counterRevision  = "revision"
	settingDatasetID = "dataset_id"
)

// RevisionMark records when each revision was made. A phone sends back the
// time of the revision it has; if this database made that revision at
// another time (or never), it is not the database the phone synced with
// (it was put back from a copy, say), and the phone gets everything.
type RevisionMark struct {
	Revision int64     `gorm:"primaryKey;autoIncrement:false"`
	At       time.Time `gorm:"not null"`
	LogSize  int64     `gorm:"not null;default:0"` // records in the public log once this revision was made
}

// Tombstone remembers that a public record was deleted at a revision, so an
// offline client syncing "since N" learns to drop it.
type Tombstone struct {
	ID       uint   `gorm:"primaryKey"`
	Kind     string `gorm:"size:32;not null;index:idx_tomb_kind_rev"`
	EntityID uint   `gorm:"not null"`
	Revision int64  `gorm:"not null;index:idx_tomb_kind_rev"`
	At       time.Time
}

// SeedMark records that a seed record was loaded once, so a restart never
// loads it again: not over an administrator's edit, not after a deletion.
type SeedMark struct {
	Kind string `gorm:"primaryKey;size:32"`
	Key  string `gorm:"primaryKey;size:128"`
}

// Agency statuses, as the ministry's list states them.
const (
	StatusLicensed  = "licensed"
	StatusSuspended = "suspended"
	StatusRevoked   = "revoked"
	StatusExpired   = "expired"
	StatusIllegal   = "illegal"
)

// AgencyStatuses lists every valid licence status.
var AgencyStatuses = []string{StatusLicensed, StatusSuspended, StatusRevoked, StatusExpired, StatusIllegal}

// Agency is one recruitment agency on the list.
type Agency struct {
	ID             uint       `gorm:"primaryKey"`
	LicenceNo      string     `gorm:"size:64;not null"`
	LicenceKey     string     `gorm:"size:64;not null;uniqueIndex"` // LicenceNo normalised, for lookups
	NameLo         string     `gorm:"size:200"`
	NameEn         string     `gorm:"size:200"`
	Province       string     `gorm:"size:64;index"`
	District       string     `gorm:"size:64"`
	Phones         StringList `gorm:"type:text;serializer:json"`
	Sectors        StringList `gorm:"type:text;serializer:json"`
	Status         string     `gorm:"size:16;not null;index"`
	LicenceIssued  string     `gorm:"size:10"`
	LicenceExpires string     `gorm:"size:10;index"`
	LastVerifiedAt *time.Time
	PublicNotes    Text  `gorm:"type:text;serializer:json"`
	Demo           bool  `gorm:"not null;default:false"`
	Version        int   `gorm:"not null;default:1"`
	Revision       int64 `gorm:"not null;index"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DeletedAt      gorm.DeletedAt `gorm:"index"`
}

// StatusChange is one step of an agency's public licence history.
type StatusChange struct {
	ID          uint      `gorm:"primaryKey"`
	AgencyID    uint      `gorm:"not null;index"`
	At          time.Time `gorm:"not null"`
	From        string    `gorm:"size:16"`
	To          string    `gorm:"size:16;not null"`
	Reason      string    `gorm:"size:500;not null"` // the English of ReasonText (before ReasonText: the reason as typed)
	EvidenceRef string    `gorm:"size:200"`          // internal only
	UserID      *uint
	// ReasonCode names the standard sentence (StatusReasons) the public
	// reason starts with; "" for a change recorded before reasons had three
	// languages, until the start-up migration (migrateStatusReasons).
	ReasonCode string `gorm:"size:32;not null;default:''"`
	ReasonText Text   `gorm:"type:text;serializer:json"` // public: the sentence and the reference in lo, th, en
}

// View is the public step of history c records.
func (c *StatusChange) View() StatusView {
	text := c.ReasonText
	if c.ReasonCode == "" {
		text = legacyReasonText(c.From, c.To, c.Reason)
	}
	return StatusView{At: c.At, From: c.From, To: c.To, Reason: text}
}

// Contact is an emergency or help contact in Thailand or Laos.
type Contact struct {
	ID         uint       `gorm:"primaryKey"`
	Key        string     `gorm:"size:128;index"`
	Country    string     `gorm:"size:2;not null;index"`
	Province   string     `gorm:"size:64"`
	Category   string     `gorm:"size:32;not null"`
	Name       Text       `gorm:"type:text;serializer:json"`
	Notes      Text       `gorm:"type:text;serializer:json"`
	Phones     StringList `gorm:"type:text;serializer:json"`
	LineID     string     `gorm:"size:64"`
	Hours      Text       `gorm:"type:text;serializer:json"`
	Languages  StringList `gorm:"type:text;serializer:json"`
	SourceURL  string     `gorm:"size:500"`
	CheckedOn  string     `gorm:"size:10"`
	Check      string     `gorm:"size:200"`
	Confidence string     `gorm:"size:16;not null"`
	Position   int        `gorm:"not null;default:0"`
	Featured   bool       `gorm:"not null;default:false"`
	Revision   int64      `gorm:"not null;index"`
	UpdatedAt  time.Time
}

// ChecklistStage groups checklist items (deciding, documents, ...).
type ChecklistStage struct {
	ID       uint            `gorm:"primaryKey"`
	Key      string          `gorm:"size:64;uniqueIndex"`
	Position int             `gorm:"not null;default:0"`
	Title    Text            `gorm:"type:text;serializer:json"`
	Revision int64           `gorm:"not null;index"` // advances when the stage or any of its items changes
	Items    []ChecklistItem `gorm:"foreignKey:StageID"`
}

// ChecklistItem is one thing to do before or after leaving.
type ChecklistItem struct {
	ID       uint       `gorm:"primaryKey"`
	StageID  uint       `gorm:"not null;index"`
	Key      string     `gorm:"size:64;uniqueIndex"`
	Position int        `gorm:"not null;default:0"`
	Title    Text       `gorm:"type:text;serializer:json"`
	Why      Text       `gorm:"type:text;serializer:json"`
	How      Text       `gorm:"type:text;serializer:json"`
	Icon     string     `gorm:"size:32"`
	Critical bool       `gorm:"not null;default:false"`
	Sources  StringList `gorm:"type:text;serializer:json"`
	Revision int64      `gorm:"not null"`
}

// Question is one red-flag question of "check a job offer". RedFlag is the
// answer that is the warning sign: "yes" for "Do they want to keep your
// passport?", "no" for a plainly asked "Will they give you a contract in
// Lao?". Weight says how serious it is (3: danger on its own).
type Question struct {
	ID          uint       `gorm:"primaryKey"`
	Key         string     `gorm:"size:64;uniqueIndex"`
	Position    int        `gorm:"not null;default:0"`
	Text        Text       `gorm:"type:text;serializer:json"`
	Weight      int        `gorm:"not null"`
	RedFlag     string     `gorm:"size:3;not null;default:yes"`
	Explanation Text       `gorm:"type:text;serializer:json"`
	Sources     StringList `gorm:"type:text;serializer:json"`
	Revision    int64      `gorm:"not null;index"`
}

// Phrase is a "show this to an officer" card: Thai to show, Lao meaning.
type Phrase struct {
	ID       uint   `gorm:"primaryKey"`
	Key      string `gorm:"size:64;uniqueIndex"`
	Position int    `gorm:"not null;default:0"`
	Category string `gorm:"size:32"`
	Text     Text   `gorm:"type:text;serializer:json"`
	Revision int64  `gorm:"not null;index"`
}

// Report statuses: new → reviewing → upheld | dismissed.
const (
	ReportNew       = "new"
	ReportReviewing = "reviewing"
	ReportUpheld    = "upheld"
	ReportDismissed = "dismissed"
)

// Report is a worker's anonymous report about a recruiter. It holds no IP
// address and nothing about the reporter except what they chose to type.
type Report struct {
	ID             uint       `gorm:"primaryKey"`
	Receipt        string     `gorm:"size:16;not null;uniqueIndex"`
	IdempotencyKey *string    `gorm:"size:100;uniqueIndex"`
	RequestHash    string     `gorm:"size:64"`
	AgencyID       *uint      `gorm:"index"`
	AgencyName     string     `gorm:"size:200"`
	AgencyPhone    string     `gorm:"size:40"`
	LicenceNo      string     `gorm:"size:64"`
	Province       string     `gorm:"size:64"`
	What           StringList `gorm:"type:text;serializer:json"`
	Details        string     `gorm:"size:8000"`
	Lang           string     `gorm:"size:2"`
	Status         string     `gorm:"size:16;not null;index"`
	ReviewNote     string     `gorm:"size:2000"`
	ReviewedBy     *uint
	DecidedAt      *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Roles of signed-in users.
const (
	RoleAdmin    = "admin"
	RoleVerifier = "verifier"
)

// User is a verifier or administrator account.
type User struct {
	ID           uint   `gorm:"primaryKey"`
	Email        string `gorm:"size:254;not null;uniqueIndex"`
	Name         string `gorm:"size:100"`
	PasswordHash string `gorm:"size:200;not null"`
	Role         string `gorm:"size:16;not null"`
	Active       bool   `gorm:"not null;default:true"`
	// TokenVersion is written into every token; raising it (logout, password
	// reset, role change, deactivation) ends every token issued before.
	TokenVersion int `gorm:"not null;default:1"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// AuditEntry records one write by a signed-in user. There is no route that
// updates or deletes audit entries.
type AuditEntry struct {
	ID          uint          `gorm:"primaryKey"`
	At          time.Time     `gorm:"not null;index"`
	UserID      *uint         `gorm:"index"`
	UserEmail   string        `gorm:"size:254"`
	Entity      string        `gorm:"size:32;not null;index:idx_audit_entity"`
	EntityID    uint          `gorm:"index:idx_audit_entity"`
	Action      string        `gorm:"size:32;not null"`
	Changes     []FieldChange `gorm:"type:text;serializer:json"`
	Reason      string        `gorm:"size:500"`
	EvidenceRef string        `gorm:"size:200"`
}

// FieldChange is one field's from → to inside an audit entry.
type FieldChange struct {
	Field string `json:"field"`
	From  any    `json:"from"`
	To    any    `json:"to"`
}
