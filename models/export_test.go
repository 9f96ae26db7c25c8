package models

// SetIntegrityPage makes the integrity check read n records at a time until
// the returned function is called.
func SetIntegrityPage(n int) (restore func()) {
	old := integrityPage
	integrityPage = n
	return func() { integrityPage = old }
}
