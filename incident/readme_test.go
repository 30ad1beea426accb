package incident_test

import (
	"os"
	"strings"
	"testing"

	"github.com/itsmkit/itsm/incident"
)

// TestReadmeWorkflowDiagram checks that the README shows the default
// workflow as the library draws it.
func TestReadmeWorkflowDiagram(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not beside the module:", err)
	}
	w, err := incident.NewWorkflow(incident.DefaultWorkflowConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "```mermaid\n"+w.Mermaid()+"```") {
		t.Errorf("README.md does not show the default workflow as Mermaid renders it; paste:\n%s", w.Mermaid())
	}
}
