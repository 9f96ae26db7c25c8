package models

// The rules that tie a licence's status to its dates live here, so every
// answer (the list, the bundle, a listing read for the console, the answer
// to an edit, a conflict's current version) says the same thing.

// PublicView is the listing as workers and verifiers are told about it on
// the day today (YYYY-MM-DD, Lao date): a licence past its end date has
// lapsed, whatever the list last said, and is never shown as licensed.
// The transparency log keeps the stored status instead (see LogAgencyJSON):
// a lapse is a change of day, not of data.
func (a *Agency) PublicView(history []StatusView, warnings []WarningView, today string) AgencyView {
	v := a.View(history, warnings)
	if lapsed(a.Status, a.LicenceExpires, today) {
		v.Status = StatusExpired
		v.LicenceLapsed = true
	}
	return v
}

func lapsed(status, expires, today string) bool {
	return status == StatusLicensed && expires != "" && expires < today
}

// checkStatusDates refuses a listing that calls a licence expired while its
// end date is still to come: workers would read "expired, ended on" a date
// in the future. The verifier gives the date it actually ended instead (in
// licence_expires, in the same change), or picks the status that says what
// happened (suspended, revoked). prev is the listing before the change (nil
// for a new one): a listing stored so before this rule is not refused for
// an unrelated edit.
func checkStatusDates(prev, next *Agency, today string, fe FieldErrors) {
	if next.Status != StatusExpired || next.LicenceExpires == "" || next.LicenceExpires <= today {
		return
	}
	if prev != nil && prev.Status == StatusExpired && prev.LicenceExpires == next.LicenceExpires {
		return
	}
	fe.Problem("status", NotExpiredYet(next.LicenceExpires, today))
}
