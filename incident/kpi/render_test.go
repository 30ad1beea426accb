package kpi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsm/incident/kpi"
	"github.com/itsmkit/itsm/internal/golden"
)

// TestRenderedEmpty: no data is null in JSON and "-" in text.
func TestRenderedEmpty(t *testing.T) {
	t.Parallel()
	rep, err := kpi.Of(nil, kpi.Options{From: from, To: to, GroupBy: []kpi.Dimension{kpi.ByAssignee}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep.Total)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"key":"","tickets":0,"duplicates":0,"closed":{"count":0,"of":0,"rate":null},` +
		`"successful":{"count":0,"of":0,"rate":null},"overdue":{"count":0,"of":0,"rate":null},` +
		`"overdue_unresolved":0,"major":{"count":0,"of":0,"rate":null},"first_time":{"count":0,"of":0,"rate":null},` +
		`"problem_raised":{"count":0,"of":0,"rate":null},"service_desk":{"count":0,"of":0,"rate":null},` +
		`"response":{"count":0,"seconds":null},"resolution":{"count":0,"seconds":null},` +
		`"third_party":{"count":0,"seconds":null},"satisfaction":{"count":0,"mean":null},` +
		`"responded_on_time":{"count":0,"of":0,"rate":null},"resolved_in_time":{"count":0,"of":0,"rate":null},` +
		`"escalated":{"count":0,"of":0,"rate":null},"escalated_l1":0,"escalated_l2":0,"escalated_l3":0,` +
		`"management":{"count":0,"of":0,"rate":null},"on_site_in_time":{"count":0,"of":0,"rate":null},` +
		`"dispatch":{"count":0,"seconds":null},"knowledge_used":{"count":0,"of":0,"rate":null}}`
	if string(b) != want {
		t.Errorf("JSON of an empty row:\n got %s\nwant %s", b, want)
	}
	golden.Check(t, "empty.txt", rep.String())
}

// TestRendered checks the scenario's report as text, CSV and JSON against
// the golden files (go test -update rewrites them), and that the JSON reads
// back to the same report.
func TestRendered(t *testing.T) {
	t.Parallel()
	store, _ := scenario(t)
	rep, err := kpi.Compute(context.Background(), store, kpi.Options{From: from, To: to, GroupBy: kpi.AllDimensions()})
	if err != nil {
		t.Fatal(err)
	}
	var text, csv bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "week.txt", text.String())
	if rep.String() != text.String() {
		t.Error("String differs from WriteText")
	}
	if err := rep.WriteCSV(&csv); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "week.csv", csv.String())
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "week.json", string(js)+"\n")

	var back kpi.Report
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rep, &back); diff != "" {
		t.Errorf("JSON read back (-written +read):\n%s", diff)
	}
}
