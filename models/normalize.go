package models

import "paidee/models/search"

// Search keys live in package search (the rules in
// web/app/search-rules.json); these names stay for the code that stores
// licence and phone keys.

// LicenceKey folds a licence number to upper-case letters and digits only:
// "la-mlsw 0123/24" and "LAMLSW012324" are the same key.
func LicenceKey(s string) string { return search.LicenceKey(s) }

// PhoneKey folds a Lao or Thai phone number to its national number without
// the trunk 0 or the country code.
func PhoneKey(s string) string { return search.PhoneKey(s) }

// NameKey folds a name for comparison: lower case, Lao spellings unified,
// only letters, digits and combining marks.
func NameKey(s string) string { return search.NameKey(s) }

func looksLikePhone(s string) bool { return search.LooksLikePhone(s) }
