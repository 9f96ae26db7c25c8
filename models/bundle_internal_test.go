package models

import (
	"bytes"
	"encoding/json"
	"testing"
)

// marshalBundle writes what json.Marshal writes, whatever the listings
// hold; it only allocates differently.
func TestMarshalBundle_AsJSONMarshal(t *testing.T) {
	listing := func(v any) json.RawMessage {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, agencies := range [][]json.RawMessage{
		{},
		{listing(map[string]any{"id": 1, "name_en": `A <b>&</b> "quoted" ລາວ`})},
		{listing(map[string]any{"id": 1}), listing(map[string]any{"id": 2, "agencies": []int{}}), listing([]string{"x"})},
	} {
		b := &Bundle{Dataset: "d", Revision: 3, Full: true, Agencies: agencies, ReportWhat: []string{"agencies"},
			Deleted: map[string][]uint{KindAgency: {}, KindContact: {4}}, AgencyLog: map[uint][3]any{1: {1, 0, "t"}}}
		want, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalBundle(b)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("marshalBundle:\n%s\njson.Marshal:\n%s\n%v", got, want, err)
		}
		if cap(got) != len(got) {
			t.Errorf("allocated %d for %d bytes", cap(got), len(got))
		}
		if len(b.Agencies) != len(agencies) {
			t.Error("the bundle was changed")
		}
	}
}
