package sqlstore_test

import (
	"testing"

	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/storetest"
)

// TestConformance runs the incident.Store conformance suite once per
// dialect, each case on a database of its own.
func TestConformance(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			if d.name == "postgres" {
				skipWithoutPostgres(t)
			}
			storetest.Run(t, func(t *testing.T) incident.Store { return d.new(t).store(t) })
		})
	}
}
