package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"
)

// v1UpgradeReasonsDigest is the SHA-256 of v1UpgradeReasons in JSON, as
// the table was when the upgrade of v1 history was written (be7a555). If
// this test fails, the frozen table was edited: undo that edit. Old-shape
// log records are read through it, and any change makes the integrity
// check report a break where nothing was altered. Edit StatusReasons.
const v1UpgradeReasonsDigest = "e3318f66b36e521146c1f384ac115a072128c84651b2264197c7f879fb3d7e35"

func TestV1UpgradeReasons_Frozen(t *testing.T) {
	b, err := json.Marshal(v1UpgradeReasons)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != v1UpgradeReasonsDigest {
		t.Fatalf("v1UpgradeReasons changed (digest %s, frozen %s): it must never change, see its comment", got, v1UpgradeReasonsDigest)
	}
	// The migration stores the v1 sentence's code with each old step: it
	// must still name a standard sentence.
	for _, r := range v1UpgradeReasons {
		if !slices.Contains(StatusReasonCodes, r.Code) {
			t.Errorf("the v1 reason code %q is no longer a standard reason code", r.Code)
		}
	}
}
