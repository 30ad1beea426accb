package memstore_test

import (
	"testing"

	"github.com/itsmkit/itsm/incident"
	"github.com/itsmkit/itsm/incident/memstore"
	"github.com/itsmkit/itsm/incident/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) incident.Store { return memstore.New() })
}
