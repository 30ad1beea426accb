package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/codes"
	"github.com/itsmkit/itsm/incident"
)

// Hostile is text that breaks stores which build SQL or JSON by hand, or
// that rewrite what they are given: every string a Desk accepts, which a
// store must keep byte for byte.
var Hostile = []string{
	`'; DROP TABLE itsm_tickets; --`,
	`" OR 1=1 --`,
	`Robert'); DELETE FROM itsm_entries WHERE ('1'='1`,
	`\'\\'\"%_*?$1 ?1 :name @name`,
	"tab\tnew line\ncarriage\rreturn",
	`{"json": [1, 2, "three"]} </script> <b>&amp;</b>`,
	"邮件服务器宕机，影响全部用户 — 紧急",
	"مرحبا بالعالم \u202ereversed\u202c",
	"e\u0301 combining, \u200b zero width, \u2028 line separator, \ufeff bom",
	"emoji 🚨🔥👩‍💻 and astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
	"\x01\x02\x1f control characters \x7f",
	strings.Repeat("'", 200),
}

// longest returns text of exactly n bytes made of r repeated, and ASCII
// to fill what r does not.
func longest(r string, n int) string {
	s := strings.Repeat(r, n/len(r))
	return s + strings.Repeat("x", n-len(s))
}

// testDeskInput registers tickets through a Desk on the store with hostile
// text in every field, the longest key and names allowed and a text of
// MaxTextLen bytes, and gets each back byte for byte, and by its key. Text
// no Desk accepts (too long, not UTF-8, a NUL) is refused with a
// *incident.CommandError naming the field, never a store's own error, and
// nothing is written.
func testDeskInput(t *testing.T, newStore func(*testing.T) incident.Store) {
	s := newStore(t)
	ctx := context.Background()
	d := StormDesk(t, s)
	texts := append(Hostile, longest("键", incident.MaxKeyLen))
	for i, v := range texts {
		name := v
		if len(name) > incident.MaxNameLen {
			name = longest("🚨", incident.MaxNameLen)
		}
		desc := v
		if i == len(texts)-1 {
			desc = longest("日志 'quoted' \"line\" \\ 🚨\n", incident.MaxTextLen)
		}
		r := incident.Registration{
			Action: incident.Action{Actor: name}, Summary: v, Description: desc, Requester: name,
			Source: codes.SourceMonitoring, ExternalKey: v, Priority: codes.P3, CustomerTier: name,
			ConfigItems: []string{v}, Attachments: []string{v},
		}
		tk, err := d.Register(ctx, r)
		if err != nil {
			t.Fatalf("Register with %.40q: %v", v, err)
		}
		got, log := load(t, s, tk.ID)
		want := []string{v, desc, name, name, v, name, v, v}
		have := []string{got.Summary, got.Description, got.Registrar, got.Requester, got.ExternalKey, got.CustomerTier, got.ConfigItems[0], got.Attachments[0]}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("the ticket registered with %.40q (-want +got):\n%.2000s", v, diff)
		}
		if log[0].Actor != name {
			t.Errorf("the register entry's actor %.40q, want %.40q", log[0].Actor, name)
		}
		found, err := s.Find(ctx, incident.Filter{Source: codes.SourceMonitoring, ExternalKey: v})
		if err != nil || len(found) != 1 || found[0].ID != tk.ID {
			t.Errorf("Find by the key %.40q: %v, %v; want %s", v, ids(found), err, tk.ID)
		}
		// A repeat finds the ticket by its key.
		again, err := d.Register(ctx, r)
		if err != nil || again.ID != tk.ID || again.Alerts != 1 {
			t.Errorf("a repeat of the alert %.40q: %v, %v; want %s with one repeat", v, again, err, tk.ID)
		}
	}
	stored, err := s.Find(ctx, incident.Filter{})
	if err != nil {
		t.Fatal(err)
	}

	bad := []struct {
		name, field string
		r           func(*incident.Registration)
	}{
		{"key too long", "external_key", func(r *incident.Registration) { r.ExternalKey = longest("k", incident.MaxKeyLen+1) }},
		{"key of 3 KB", "external_key", func(r *incident.Registration) { r.ExternalKey = longest("键", 3000) }},
		{"NUL in key", "external_key", func(r *incident.Registration) { r.ExternalKey = "disk\x00full" }},
		{"invalid UTF-8 in key", "external_key", func(r *incident.Registration) { r.ExternalKey = "disk\xff\xfefull" }},
		{"lone surrogate in key", "external_key", func(r *incident.Registration) { r.ExternalKey = "disk\xed\xa0\x80full" }},
		{"invalid UTF-8 in summary", "summary", func(r *incident.Registration) { r.Summary = "mail \xc3" }},
		{"NUL in description", "description", func(r *incident.Registration) { r.Description = "a\x00b" }},
		{"description too long", "description", func(r *incident.Registration) { r.Description = longest("d", incident.MaxTextLen+1) }},
		{"actor too long", "actor", func(r *incident.Registration) { r.Actor = longest("a", incident.MaxNameLen+1) }},
		{"invalid UTF-8 in an attachment", "attachments[0]", func(r *incident.Registration) { r.Attachments = []string{"\x80"} }},
	}
	for _, c := range bad {
		r := StormAlert()
		c.r(&r)
		_, err := d.Register(ctx, r)
		var ce *incident.CommandError
		if !errors.Is(err, incident.ErrInvalidCommand) || !errors.As(err, &ce) || ce.Field != c.field {
			t.Errorf("%s: error %.200v, want a *CommandError for %s", c.name, err, c.field)
		}
	}
	if after, err := s.Find(ctx, incident.Filter{}); err != nil || len(after) != len(stored) {
		t.Errorf("after refused registrations: %d tickets, %v; want %d", len(after), err, len(stored))
	}
}
