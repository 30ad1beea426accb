// Quickstart classifies a few incidents with the default code tables: it
// gives each an id, derives its priority from impact and urgency (the
// matrix of seed 003), and says whether it is a major incident.
//
// Run it with:
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/itsmkit/itsm/codes"
)

// beijing is the time zone of the service desk; a fixed zone keeps the
// output the same on every machine.
var beijing = time.FixedZone("CST", 8*60*60)

// report is an incident as the service desk first records it.
type report struct {
	at       time.Time
	summary  string
	source   codes.Source
	system   codes.System
	category []string // path of names in the category tree
	impact   codes.Impact
	urgency  codes.Urgency
}

var reports = []report{
	{
		at:       time.Date(2025, 3, 3, 9, 12, 0, 0, beijing),
		summary:  "Core trading network down: no member can trade",
		source:   codes.SourceMonitoring,
		system:   "trading_network",
		category: []string{"硬件类", "网络设备类", "交换机"},
		impact:   codes.ImpactHigh,
		urgency:  codes.UrgencyCritical,
	},
	{
		at:       time.Date(2025, 3, 3, 10, 40, 0, 0, beijing),
		summary:  "Office mail slow for the whole building",
		source:   codes.SourcePhone,
		system:   "intranet_mail",
		category: []string{"Software", "Application software"},
		impact:   codes.ImpactMedium,
		urgency:  codes.UrgencyHigh,
	},
	{
		at:       time.Date(2025, 3, 3, 14, 5, 0, 0, beijing),
		summary:  "A keyboard on the trading floor has a sticky key",
		source:   codes.SourceEmail,
		system:   "trading_floor",
		category: []string{"trading_floor", "hardware", "keyboard"},
		impact:   codes.ImpactLow,
		urgency:  codes.UrgencyLow,
	},
	{
		at:       time.Date(2025, 3, 4, 8, 30, 0, 0, beijing),
		summary:  "Website unreachable from the internet",
		source:   codes.SourceInspection,
		system:   "website",
		category: []string{"软件类", "应用软件类"},
		impact:   codes.ImpactHigh,
		urgency:  codes.UrgencyHigh,
	},
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	tables := codes.DefaultTables()
	matrix := tables.Matrix()

	fmt.Fprintln(w, "Incidents registered at the service desk, classified with the default tables.")
	seq := map[string]int{} // the daily sequence restarts each day
	for _, r := range reports {
		// An id: kind, the day the record is opened, and that day's sequence.
		day := r.at.Format(time.DateOnly)
		seq[day]++
		id, err := codes.NewID(codes.KindIncident, r.at, seq[day])
		if err != nil {
			return err
		}
		// Ids travel as text; parsing gives the same id back.
		parsed, err := codes.ParseID(id.String())
		if err != nil {
			return err
		}
		if parsed != id {
			return fmt.Errorf("id %s parsed as %v", id, parsed)
		}
		y, m, d := parsed.Date()

		// Priority from impact and urgency.
		p, err := matrix.Priority(r.impact, r.urgency)
		if err != nil {
			return err
		}
		level, err := tables.Priorities().Lookup(p)
		if err != nil {
			return err
		}
		impact, err := matrix.Impact(r.impact)
		if err != nil {
			return err
		}
		urgency, err := matrix.Urgency(r.urgency)
		if err != nil {
			return err
		}
		source, err := tables.Sources().Lookup(r.source)
		if err != nil {
			return err
		}
		system, err := tables.Systems().Lookup(r.system)
		if err != nil {
			return err
		}
		category, err := tables.Categories().LookupPath(r.category...)
		if err != nil {
			return err
		}

		fmt.Fprintf(w, "\n%s  %s\n", id, r.summary)
		fmt.Fprintf(w, "  id:       kind %s, opened %d-%02d-%02d, no. %d of the day\n", parsed.Kind(), y, m, d, parsed.Seq())
		fmt.Fprintf(w, "  source:   %s\n", source.Name)
		fmt.Fprintf(w, "  system:   %s\n", system.Name)
		fmt.Fprintf(w, "  category: %s (%s)\n", categoryPath(tables.Categories(), category.Code), category.Code)
		fmt.Fprintf(w, "  impact:   %s: %s\n", impact.Name, impact.Extent.EN)
		fmt.Fprintf(w, "  urgency:  %s: needed back within %g h\n", urgency.Name, urgency.Time.Hours())
		fmt.Fprintf(w, "  priority: %s %s / %s", p, level.Name.ZH, level.Name.EN)
		if p.Major() {
			fmt.Fprint(w, " (major incident: notify the incident manager and start the emergency process)")
		}
		fmt.Fprintln(w)
	}
	return nil
}

// categoryPath returns the Chinese names from the top of the tree down to
// code, joined by " / ".
func categoryPath(cats *codes.Categories, code codes.Category) string {
	path, err := cats.Path(code)
	if err != nil {
		return string(code)
	}
	names := make([]string, len(path))
	for i, e := range path {
		names[i] = e.Name.ZH
	}
	return strings.Join(names, " / ")
}
