package models

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The CSV format of the agency list, for import and export. The header is
// line 1; licence_no is the only required column. A column left out of an
// imported file leaves that field of existing listings as it is. Lists
// (phones, sectors) are separated by ";". Dates are YYYY-MM-DD. reason is
// the public reason for a status change (required when the status of an
// existing listing changes); it is never exported.
var CSVColumns = []string{
	"licence_no", "name_lo", "name_en", "province", "district", "phones", "sectors", "status",
	"licence_issued", "licence_expires", "public_notes_lo", "public_notes_th", "public_notes_en", "reason",
}

// ImportMaxRows is the most data rows one import may have.
const ImportMaxRows = 20000

// ImportReport says what an import would do (dry run) or did.
type ImportReport struct {
	Added     []ImportAdded   `json:"added"`
	Changed   []ImportChanged `json:"changed"`
	Unchanged int             `json:"unchanged"`
	Invalid   []ImportInvalid `json:"invalid"`
	Rows      int             `json:"rows"`
	Applied   bool            `json:"applied"`
	// NotInFile lists (up to importMissingMax of MissingTotal) the listings
	// with the status licensed that this file does not mention. If the
	// file is the whole official list, their licences may have ended: the
	// import changes nothing about them, a verifier should look at each.
	NotInFile    []AgencyRef `json:"not_in_file"`
	MissingTotal int         `json:"not_in_file_total"`
}

// importMissingMax bounds the not-in-file list of one report.
const importMissingMax = 200

// ImportAdded is a row that adds a new listing.
type ImportAdded struct {
	Line      int    `json:"line"`
	LicenceNo string `json:"licence_no"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	// NeedsSecondPerson: the row makes a listing look safer, so applying
	// the file waits for a second verifier's approval.
	NeedsSecondPerson bool `json:"needs_second_person"`
}

// ImportChanged is a row that changes an existing listing.
type ImportChanged struct {
	Line              int           `json:"line"`
	ID                uint          `json:"id"`
	LicenceNo         string        `json:"licence_no"`
	Changes           []FieldChange `json:"changes"`
	NeedsSecondPerson bool          `json:"needs_second_person"`
}

// ImportInvalid is a row that cannot be imported, with a problem per field.
type ImportInvalid struct {
	Line int `json:"line"`
	// Errors is each problem in English (as before problems had codes);
	// Problems the same with codes, for a client to translate.
	Errors   map[string]string `json:"errors"`
	Problems FieldErrors       `json:"problems"`
}

func invalidRow(line int, fe FieldErrors) ImportInvalid {
	return ImportInvalid{Line: line, Errors: fe.Messages(), Problems: fe}
}

// importRow is one analysed row, ready to apply.
type importRow struct {
	line     int
	cur      *Agency // nil: a new listing
	next     Agency
	changes  changeList
	reason   editReason
	evidence string
}

// ImportAgencies reads a CSV file and, unless dryRun, applies it in one
// write: all rows or none. With any invalid row nothing is applied and the
// error is an ECodeInvalid *Error; the report is returned either way.
func (s *Store) ImportAgencies(ctx context.Context, who Actor, body []byte, dryRun bool) (*ImportReport, error) {
	records, err := parseAgencyCSV(body)
	if err != nil {
		return nil, err
	}
	if dryRun {
		rep, _, err := analyseImport(s.DB.WithContext(ctx), records)
		if rep != nil && !s.TwoPerson() {
			rep.clearSecondPerson()
		}
		return rep, err
	}
	var rep *ImportReport
	err = s.Write(ctx, func(tx *gorm.DB, rev int64) error {
		var rows []importRow
		var err error
		// Analyse again inside the write, so the rows applied are checked
		// against the list as it is at this moment.
		rep, rows, err = analyseImport(tx, records)
		if err != nil {
			return err
		}
		if len(rep.Invalid) > 0 {
			return errInvalidImport
		}
		if len(rows) == 0 {
			return errNoChange
		}
		base := fingerprint([]any{rep.Added, rep.Changed})
		if ap := approvalOf(ctx); ap != nil && ap.p.Base != base {
			return &Error{Code: ECodeConflict, Message: "the list changed after this import was proposed: the file would now do something else"}
		}
		if why, diff := rep.saferRows(); s.mustPropose(tx, why) {
			return propose(Proposal{Kind: ProposeImport, Entity: EntityAgency, Label: fmt.Sprintf("CSV import: %d rows (%d added, %d changed)", rep.Rows, len(rep.Added), len(rep.Changed)),
				Input: append([]byte(nil), body...), Changes: diff, Why: why, Base: base})
		}
		if !s.TwoPerson() {
			rep.clearSecondPerson()
		}
		return applyImport(tx, who, rows, rev)
	})
	switch {
	case errors.Is(err, errInvalidImport):
		return rep, &Error{Code: ECodeInvalid,
			Message: fmt.Sprintf("%d rows are not valid; nothing was imported. Fix them and import the file again", len(rep.Invalid))}
	case errors.Is(err, errNoChange):
		return rep, nil
	case err != nil:
		return rep, s.recordProposal(ctx, who, err)
	}
	rep.Applied = true
	return rep, nil
}

var errInvalidImport = errors.New("invalid rows")

// saferRows says why the file needs a second person (nil: it does not)
// and lists, for the proposal, the changes of every row: approving the
// file applies all of them, so the approver sees all of them (those that
// need a second person first).
func (rep *ImportReport) saferRows() ([]string, []FieldChange) {
	var why []string
	var diff []FieldChange
	const maxDiff = 500
	omitted := 0
	add := func(c FieldChange) {
		if len(diff) < maxDiff {
			diff = append(diff, c)
		} else {
			omitted++
		}
	}
	for _, flagged := range []bool{true, false} {
		for _, a := range rep.Added {
			if a.NeedsSecondPerson != flagged {
				continue
			}
			if flagged {
				why = append(why, fmt.Sprintf("line %d: %s added as licensed", a.Line, a.LicenceNo))
			}
			add(FieldChange{Field: a.LicenceNo + " (new)", From: nil, To: a.Status})
		}
		for _, c := range rep.Changed {
			if c.NeedsSecondPerson != flagged {
				continue
			}
			if flagged {
				why = append(why, fmt.Sprintf("line %d: %s looks safer", c.Line, c.LicenceNo))
			}
			for _, f := range c.Changes {
				add(FieldChange{Field: c.LicenceNo + ": " + f.Field, From: f.From, To: f.To})
			}
		}
	}
	if omitted > 0 {
		diff = append(diff, FieldChange{Field: fmt.Sprintf("and %d more changes (see the file)", omitted)})
	}
	if len(why) > 20 {
		why = append(why[:20], fmt.Sprintf("and %d more rows", len(why)-20))
	}
	return why, diff
}

func (rep *ImportReport) clearSecondPerson() {
	for i := range rep.Added {
		rep.Added[i].NeedsSecondPerson = false
	}
	for i := range rep.Changed {
		rep.Changed[i].NeedsSecondPerson = false
	}
}

// importBatch is how many rows go into one INSERT.
const importBatch = 200

// applyImport stores analysed rows inside a Write. New listings, their
// first history steps and the audit entries are inserted in batches (an
// import of 20,000 rows holds the write lock for seconds, not minutes);
// the licence numbers were checked against every listing, deleted ones
// included, inside this transaction, and the unique index is the backstop.
func applyImport(tx *gorm.DB, who Actor, rows []importRow, rev int64) error {
	now := tx.NowFunc()
	var added []*Agency
	var addedRows []*importRow
	for i := range rows {
		r := &rows[i]
		if r.cur != nil {
			if err := updateAudited(tx, who, r.cur, &r.next, r.changes, rev, r.reason, "", "import"); err != nil {
				return fmt.Errorf("line %d: %w", r.line, err)
			}
			continue
		}
		r.next.Revision, r.next.Version, r.next.LastVerifiedAt = rev, 1, &now
		added = append(added, &r.next)
		addedRows = append(addedRows, r)
	}
	if len(added) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(added, importBatch).Error; err != nil {
		return fmt.Errorf("insert agencies: %w", err)
	}
	var history []StatusChange
	entries := make([]AuditEntry, 0, len(added))
	for i, a := range added {
		reason := addedRows[i].reason
		if reason.status != nil {
			history = append(history, reason.status.step(tx, a.ID, now, "", a.Status, "", who))
		}
		entries = append(entries, AuditEntry{At: now, UserID: userID(who), UserEmail: who.Email, Entity: EntityAgency,
			EntityID: a.ID, Action: "import", Changes: agencyChanges(&Agency{}, a), Reason: reason.auditNote()})
	}
	if len(history) > 0 {
		if err := tx.CreateInBatches(history, importBatch).Error; err != nil {
			return fmt.Errorf("record status history: %w", err)
		}
	}
	if err := tx.CreateInBatches(entries, importBatch).Error; err != nil {
		return fmt.Errorf("record audit entries: %w", err)
	}
	return nil
}

// csvRecord is one data row: its line in the file and its fields by column.
type csvRecord struct {
	line   int
	fields map[string]string
	err    string // a syntax problem with the row
}

// parseAgencyCSV reads the header and the rows. Problems with the file as a
// whole (encoding, header, size) are errors; problems with a row are kept
// with the row.
func parseAgencyCSV(body []byte) ([]csvRecord, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	if !utf8.Valid(body) {
		return nil, &Error{Code: ECodeInvalid, Message: "the file is not UTF-8 text: save it as \"CSV UTF-8\" and try again",
			Fields: FieldErrors{"file": BadUTF8().Say("not UTF-8")}}
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{Code: ECodeInvalid, Message: "the file is empty; the first line must be the header: " + strings.Join(CSVColumns, ","),
			Fields: FieldErrors{"file": EmptyFile()}}
	}
	if err != nil {
		return nil, &Error{Code: ECodeInvalid, Message: "line 1 (the header) cannot be read: " + err.Error(), Fields: FieldErrors{"file": BadCSV("bad header")}}
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !oneOf(h, CSVColumns) {
			return nil, &Error{Code: ECodeInvalid, Message: fmt.Sprintf("line 1: unknown column %q; the columns are: %s", truncate(h, 40), strings.Join(CSVColumns, ",")),
				Fields: FieldErrors{"file": UnknownColumn(h)}}
		}
		if seen[h] {
			return nil, &Error{Code: ECodeInvalid, Message: fmt.Sprintf("line 1: column %q appears twice", h), Fields: FieldErrors{"file": Duplicate(h).Say("duplicate column " + h)}}
		}
		seen[h] = true
		cols[i] = h
	}
	if !seen["licence_no"] {
		return nil, &Error{Code: ECodeInvalid, Message: "line 1: the header needs a licence_no column; the columns are: " + strings.Join(CSVColumns, ","),
			Fields: FieldErrors{"file": MissingColumn("licence_no")}}
	}
	var out []csvRecord
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if len(out) >= ImportMaxRows {
			return nil, &Error{Code: ECodeTooLarge,
				Message: fmt.Sprintf("the file has more than %d rows; split it into smaller files and import each", ImportMaxRows)}
		}
		var pe *csv.ParseError
		if err != nil {
			line := 0
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			out = append(out, csvRecord{line: line, err: "this line cannot be read as CSV: " + errMessage(err)})
			continue
		}
		line, _ := r.FieldPos(0)
		cr := csvRecord{line: line, fields: map[string]string{}}
		if len(rec) != len(cols) {
			cr.err = fmt.Sprintf("has %d fields but the header has %d columns", len(rec), len(cols))
		}
		for i, v := range rec {
			if i < len(cols) {
				cr.fields[cols[i]] = cleanCell(cols[i], unguardCell(strings.TrimSpace(v)))
			}
		}
		out = append(out, cr)
	}
	return out, nil
}

// cleanCell applies the text rules (see clean.go) to one cell: names and
// licence numbers are left for ValidateAgency to judge, notes may have
// several lines, every other cell is one line.
func cleanCell(col, v string) string {
	switch col {
	case "licence_no", "name_lo", "name_en":
		return v
	case "public_notes_lo", "public_notes_th", "public_notes_en":
		return cleanText(v, true)
	}
	return cleanText(v, false)
}

func errMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// splitList splits "a; b;c" into its non-empty parts.
func splitList(s string) StringList {
	var out StringList
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// provinceCode accepts a province's code or its name in Lao, Thai or
// English, as official lists write it.
func provinceCode(s string) string {
	if p, ok := FindProvince(s); ok {
		return p.Code
	}
	for _, p := range Provinces {
		if equalFold(p.Name.Lo, s) || equalFold(p.Name.Th, s) || equalFold(p.Name.En, s) {
			return p.Code
		}
	}
	return s
}

// analyseImport compares every row with the list in db and sorts it into
// added, changed, unchanged or invalid.
func analyseImport(db *gorm.DB, records []csvRecord) (*ImportReport, []importRow, error) {
	rep := &ImportReport{Added: []ImportAdded{}, Changed: []ImportChanged{}, Invalid: []ImportInvalid{}, Rows: len(records),
		NotInFile: []AgencyRef{}}
	var existing []Agency
	if err := db.Unscoped().Find(&existing).Error; err != nil {
		return nil, nil, fmt.Errorf("load agencies: %w", err)
	}
	byKey := make(map[string]*Agency, len(existing))
	for i := range existing {
		byKey[existing[i].LicenceKey] = &existing[i]
	}
	// Licence numbers that appear on more than one line are invalid on
	// every line they appear.
	lines := map[string][]int{}
	for _, rec := range records {
		if rec.err == "" {
			if k := LicenceKey(rec.fields["licence_no"]); k != "" {
				lines[k] = append(lines[k], rec.line)
			}
		}
	}
	today := Today(time.Now())
	var rows []importRow
	for _, rec := range records {
		fe := FieldErrors{}
		if rec.err != "" {
			fe.Problem("line", BadCSV(rec.err))
			rep.Invalid = append(rep.Invalid, invalidRow(rec.line, fe))
			continue
		}
		f := rec.fields
		key := LicenceKey(f["licence_no"])
		if ls := lines[key]; len(ls) > 1 {
			var others []int
			for _, l := range ls {
				if l != rec.line {
					others = append(others, l)
				}
			}
			fe.Problem("licence_no", DuplicateLines(others))
		}
		cur := byKey[key]
		if cur != nil && cur.DeletedAt.Valid {
			fe.Problem("licence_no", Deleted())
			cur = nil
		}
		var next Agency
		if cur != nil {
			next = *cur
			next.Phones = append(StringList{}, cur.Phones...)
			next.Sectors = append(StringList{}, cur.Sectors...)
		}
		set := func(col string, dst *string) {
			if v, ok := f[col]; ok {
				*dst = v
			}
		}
		set("licence_no", &next.LicenceNo)
		set("name_lo", &next.NameLo)
		set("name_en", &next.NameEn)
		set("district", &next.District)
		set("licence_issued", &next.LicenceIssued)
		set("licence_expires", &next.LicenceExpires)
		set("public_notes_lo", &next.PublicNotes.Lo)
		set("public_notes_th", &next.PublicNotes.Th)
		set("public_notes_en", &next.PublicNotes.En)
		if v, ok := f["province"]; ok {
			next.Province = provinceCode(v)
		}
		if v, ok := f["status"]; ok {
			next.Status = strings.ToLower(v)
		}
		if v, ok := f["phones"]; ok {
			next.Phones = splitList(v)
		}
		if v, ok := f["sectors"]; ok {
			next.Sectors = splitList(strings.ToLower(v))
		}
		for field, problem := range ValidateAgency(&next) {
			fe.Problem(field, problem)
		}
		checkStatusDates(cur, &next, today, fe)
		if cur == nil {
			_, problem, _ := licenceProblem(next.LicenceNo, 0, func(key string) (*Agency, error) { return byKey[key], nil })
			if problem != nil {
				fe.Problem("licence_no", *problem)
			}
		}
		// The CSV's reason is the reference of a status change, the same
		// in every language, after the transition's standard sentence.
		var reason editReason
		note := strings.TrimSpace(f["reason"])
		switch {
		case cur == nil && note != "":
			reason.status = newStatusReason("", next.Status, ReasonInput{Note: note}, fe)
		case cur != nil && next.Status != cur.Status:
			reason.status = newStatusReason(cur.Status, next.Status, ReasonInput{Note: note}, fe)
		case note != "":
			reason.note = ValidReason(note, fe)
		}
		if len(fe) > 0 {
			rep.Invalid = append(rep.Invalid, invalidRow(rec.line, fe))
			continue
		}
		if cur == nil {
			rows = append(rows, importRow{line: rec.line, next: next, reason: reason})
			name := next.NameLo
			if name == "" {
				name = next.NameEn
			}
			rep.Added = append(rep.Added, ImportAdded{Line: rec.line, LicenceNo: next.LicenceNo, Name: name, Status: next.Status,
				NeedsSecondPerson: len(saferAgency(nil, &next)) > 0})
			continue
		}
		ch := agencyChanges(cur, &next)
		if len(ch) == 0 {
			rep.Unchanged++
			continue
		}
		rows = append(rows, importRow{line: rec.line, cur: cur, next: next, changes: ch, reason: reason})
		rep.Changed = append(rep.Changed, ImportChanged{Line: rec.line, ID: cur.ID, LicenceNo: cur.LicenceNo, Changes: ch,
			NeedsSecondPerson: len(saferAgency(cur, &next)) > 0})
	}
	sort.SliceStable(rep.Invalid, func(i, j int) bool { return rep.Invalid[i].Line < rep.Invalid[j].Line })
	// Demo listings are made up and never on an official list.
	for i := range existing {
		a := &existing[i]
		if a.DeletedAt.Valid || a.Demo || a.Status != StatusLicensed || len(lines[a.LicenceKey]) > 0 {
			continue
		}
		rep.MissingTotal++
		if len(rep.NotInFile) < importMissingMax {
			rep.NotInFile = append(rep.NotInFile, AgencyRef{ID: a.ID, LicenceNo: a.LicenceNo, NameLo: a.NameLo, NameEn: a.NameEn, Status: a.Status})
		}
	}
	return rep, rows, nil
}

// ExportAgencies writes the list (without deleted listings) as CSV, in the
// format the import reads, with a BOM so spreadsheet programs see UTF-8.
func (s *Store) ExportAgencies(ctx context.Context, w io.Writer) error {
	var list []Agency
	if err := s.DB.WithContext(ctx).Order("licence_key").Find(&list).Error; err != nil {
		return fmt.Errorf("load agencies: %w", err)
	}
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	for _, a := range list {
		row := []string{a.LicenceNo, a.NameLo, a.NameEn, a.Province, a.District, joinList(a.Phones),
			joinList(a.Sectors), a.Status, a.LicenceIssued, a.LicenceExpires, a.PublicNotes.Lo, a.PublicNotes.Th,
			a.PublicNotes.En, ""}
		for i := range row {
			row[i] = guardCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// A spreadsheet runs a cell that starts with one of these as a formula; an
// exported listing must never be able to do that on a verifier's computer.
const formulaStarts = "=+-@\t\r"

// guardCell prefixes such a cell with an apostrophe, which spreadsheets read
// as "this is text" ("+856 20 ..." becomes "'+856 20 ...").
func guardCell(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unguardCell undoes guardCell, so an export imports back unchanged.
func unguardCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
