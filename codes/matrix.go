package codes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Impact (影响度) is how much of the business an incident affects: what
// happens to it (影响业务范围) and how many users it reaches (影响业务程度).
type Impact string

// The impacts of the default matrix.
const (
	ImpactHigh   Impact = "high"   // 高: business interrupted; more than 70% of users affected
	ImpactMedium Impact = "medium" // 中: performance degraded; more than 20% of users affected
	ImpactLow    Impact = "low"    // 低: a request, or a potential impact only
)

// Urgency (紧急度) is how soon the business needs the service back: how
// much it depends on the service and how long it can wait.
type Urgency string

// The urgencies of the default matrix, with their time standards
// (紧急度时间标准): how long the business can wait.
const (
	UrgencyCritical Urgency = "critical" // 紧急: 1 hour
	UrgencyHigh     Urgency = "high"     // 高: 2 hours
	UrgencyMedium   Urgency = "medium"   // 中: 4 hours
	UrgencyLow      Urgency = "low"      // 低: 8 hours
)

// ImpactEntry is one impact of a matrix.
type ImpactEntry struct {
	// Code is the machine code, unique among the matrix's impacts.
	Code Impact `json:"code"`
	// Name is the name shown to people; both texts are required.
	Name Name `json:"name"`
	// Scope says what happens to the business (影响业务范围); optional.
	Scope Name `json:"scope,omitzero"`
	// Extent says how many users are affected (影响业务程度); optional.
	Extent Name `json:"extent,omitzero"`
}

// UrgencyEntry is one urgency of a matrix.
type UrgencyEntry struct {
	// Code is the machine code, unique among the matrix's urgencies.
	Code Urgency `json:"code"`
	// Name is the name shown to people; both texts are required.
	Name Name `json:"name"`
	// Time is the time standard of the urgency (紧急度时间标准): how long
	// the business can wait. Zero means none is given; it cannot be
	// negative. In JSON and YAML it is a Go duration string such as "1h"
	// or "90m".
	Time time.Duration `json:"-"`
}

// urgencyJSON is the wire form of UrgencyEntry.
type urgencyJSON struct {
	Code Urgency `json:"code"`
	Name Name    `json:"name"`
	Time string  `json:"time,omitempty"`
}

// MarshalJSON writes the entry with its time as a duration string.
func (e UrgencyEntry) MarshalJSON() ([]byte, error) {
	w := urgencyJSON{Code: e.Code, Name: e.Name}
	if e.Time != 0 {
		w.Time = formatDuration(e.Time)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the entry; unknown fields are errors.
func (e *UrgencyEntry) UnmarshalJSON(data []byte) error {
	var w urgencyJSON
	if err := strictUnmarshal(data, &w); err != nil {
		return err
	}
	var d time.Duration
	if w.Time != "" {
		var err error
		if d, err = time.ParseDuration(w.Time); err != nil {
			return fmt.Errorf("urgency %q: time: %w", w.Code, err)
		}
	}
	*e = UrgencyEntry{Code: w.Code, Name: w.Name, Time: d}
	return nil
}

// formatDuration writes d as time.Duration.String does, without the zero
// units at the end: "1h" rather than "1h0m0s".
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// MatrixSpec is the data of an impact × urgency matrix, as written in Go,
// JSON or YAML:
//
//	impacts:   [{code: high, name: {zh: 高, en: High}}, ...]
//	urgencies: [{code: critical, name: {zh: 紧急, en: Critical}, time: 1h}, ...]
//	priorities:
//	  critical: {high: P1, medium: P2, low: P3}
//	  ...
//
// Priorities holds one row per urgency, each with one cell per impact;
// a cell may be written P1 or 1.
type MatrixSpec struct {
	// Impacts are the columns, in display order.
	Impacts []ImpactEntry `json:"impacts"`
	// Urgencies are the rows, in display order.
	Urgencies []UrgencyEntry `json:"urgencies"`
	// Priorities gives the priority of each urgency (row) and impact (cell).
	Priorities map[Urgency]map[Impact]Priority `json:"priorities"`
}

// MarshalJSON writes the spec with its rows and cells in the order of the
// axes (then any others, sorted), so that the document reads like the
// matrix.
func (s MatrixSpec) MarshalJSON() ([]byte, error) {
	impacts, err := json.Marshal(s.Impacts)
	if err != nil {
		return nil, err
	}
	urgencies, err := json.Marshal(s.Urgencies)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"impacts":`)
	b.Write(impacts)
	b.WriteString(`,"urgencies":`)
	b.Write(urgencies)
	b.WriteString(`,"priorities":`)
	if s.Priorities == nil {
		b.WriteString("null}")
		return b.Bytes(), nil
	}
	b.WriteByte('{')
	for i, u := range axisOrder(s.Priorities, s.Urgencies) {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(u)
		b.Write(key)
		b.WriteByte(':')
		row := s.Priorities[u]
		if row == nil {
			b.WriteString("null")
			continue
		}
		b.WriteByte('{')
		for j, im := range axisOrder(row, s.Impacts) {
			if j > 0 {
				b.WriteByte(',')
			}
			key, _ := json.Marshal(im)
			b.Write(key)
			b.WriteByte(':')
			text, err := row[im].MarshalText()
			if err != nil {
				return nil, fmt.Errorf("codes: matrix.priorities: %s.%s: %w", u, im, err)
			}
			b.WriteString(`"` + string(text) + `"`)
		}
		b.WriteByte('}')
	}
	b.WriteString("}}")
	return b.Bytes(), nil
}

// axisOrder returns the keys of m: first those on the axis in its order,
// then the others, sorted.
func axisOrder[K ~string, V any, E interface{ key() K }](m map[K]V, axis []E) []K {
	keys := make([]K, 0, len(m))
	on := make(map[K]bool, len(axis))
	for _, e := range axis {
		if _, ok := m[e.key()]; ok && !on[e.key()] {
			keys = append(keys, e.key())
		}
		on[e.key()] = true
	}
	var rest []K
	for k := range m {
		if !on[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

// UnmarshalJSON reads the spec; unknown fields are errors, and priorities
// out of range are left for NewMatrix to report.
func (s *MatrixSpec) UnmarshalJSON(data []byte) error {
	var w struct {
		Impacts    []ImpactEntry                      `json:"impacts"`
		Urgencies  []UrgencyEntry                     `json:"urgencies"`
		Priorities map[Urgency]map[Impact]docPriority `json:"priorities"`
	}
	if err := strictUnmarshal(data, &w); err != nil {
		return err
	}
	*s = MatrixSpec{Impacts: w.Impacts, Urgencies: w.Urgencies}
	if w.Priorities != nil {
		s.Priorities = make(map[Urgency]map[Impact]Priority, len(w.Priorities))
		for u, row := range w.Priorities {
			if row == nil {
				s.Priorities[u] = nil
				continue
			}
			r := make(map[Impact]Priority, len(row))
			for i, q := range row {
				r[i] = Priority(q)
			}
			s.Priorities[u] = r
		}
	}
	return nil
}

// Matrix derives a priority from impact and urgency (事件优先级矩阵, the
// priority matrix): one cell per urgency and impact. It is immutable and
// safe for concurrent use; its methods return copies.
type Matrix struct {
	impacts   list[Impact, ImpactEntry]
	urgencies list[Urgency, UrgencyEntry]
	cells     []Priority // cells[u*len(impacts)+i]
}

func (e ImpactEntry) key() Impact   { return e.Code }
func (e UrgencyEntry) key() Urgency { return e.Code }

const (
	matrixName    = "matrix"
	impactsName   = "impacts"
	urgenciesName = "urgencies"
)

// NewMatrix validates spec and builds a matrix from it; spec is copied. It
// fails with a *TableError listing every problem: impacts and urgencies as
// for NewTable (at least one each, well-formed unique codes, names), a
// negative time, and in Priorities every missing cell, every cell or row
// for a code that is not in the axes, and every invalid priority.
func NewMatrix(spec MatrixSpec) (*Matrix, error) {
	var p problems
	ip, up := matrixName+"."+impactsName, matrixName+"."+urgenciesName
	p.checkEntries(ip, len(spec.Impacts), func(i int) (string, Name, Name) {
		e := spec.Impacts[i]
		return string(e.Code), e.Name, Name{}
	}, func(i int, path string) {
		e := spec.Impacts[i]
		p.checkDescription(path, string(e.Code), "scope", e.Scope)
		p.checkDescription(path, string(e.Code), "extent", e.Extent)
	})
	p.checkEntries(up, len(spec.Urgencies), func(i int) (string, Name, Name) {
		e := spec.Urgencies[i]
		return string(e.Code), e.Name, Name{}
	}, func(i int, path string) {
		if e := spec.Urgencies[i]; e.Time < 0 {
			p.addf(path, string(e.Code), "time", "is negative (%s)", e.Time)
		}
	})

	m := &Matrix{
		impacts:   newList(impactsName, spec.Impacts),
		urgencies: newList(urgenciesName, spec.Urgencies),
	}
	m.cells = make([]Priority, len(spec.Impacts)*len(spec.Urgencies))
	pp := matrixName + ".priorities"
	for ui, u := range spec.Urgencies {
		row, ok := spec.Priorities[u.Code]
		if !ok {
			p.addf(pp, "", "", "has no row for urgency %q", string(u.Code))
			continue
		}
		for ii, im := range spec.Impacts {
			q, ok := row[im.Code]
			switch {
			case !ok:
				p.addf(pp, "", string(u.Code)+"."+string(im.Code), "is missing")
			case !q.Valid():
				p.addf(pp, "", string(u.Code)+"."+string(im.Code), "is %d, want 1 to 5 (P1 to P5)", int(q))
			default:
				m.cells[ui*len(spec.Impacts)+ii] = q
			}
		}
	}
	// Rows and cells for codes that are not on an axis, in a stable order.
	for _, u := range slices.Sorted(maps.Keys(spec.Priorities)) {
		if !m.urgencies.has(u) {
			p.addf(pp, "", string(u), "is a row for an urgency that is not in %s", up)
			continue
		}
		for _, im := range slices.Sorted(maps.Keys(spec.Priorities[u])) {
			if !m.impacts.has(im) {
				p.addf(pp, "", string(u)+"."+string(im), "is a cell for an impact that is not in %s", ip)
			}
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// Priority returns the priority for impact i and urgency u. It fails with
// an *UnknownCodeError (table "impacts" or "urgencies") if the matrix does
// not have i or u.
func (m *Matrix) Priority(i Impact, u Urgency) (Priority, error) {
	ii, ok := m.impacts.index[i]
	if !ok {
		return 0, &UnknownCodeError{Table: impactsName, Code: string(i)}
	}
	ui, ok := m.urgencies.index[u]
	if !ok {
		return 0, &UnknownCodeError{Table: urgenciesName, Code: string(u)}
	}
	return m.cells[ui*len(m.impacts.entries)+ii], nil
}

// Impact returns the entry for impact i, or an *UnknownCodeError.
func (m *Matrix) Impact(i Impact) (ImpactEntry, error) { return m.impacts.lookup(i) }

// Urgency returns the entry for urgency u, or an *UnknownCodeError.
func (m *Matrix) Urgency(u Urgency) (UrgencyEntry, error) { return m.urgencies.lookup(u) }

// Impacts returns the impacts in display order, in a new slice.
func (m *Matrix) Impacts() []ImpactEntry { return slices.Clone(m.impacts.entries) }

// Urgencies returns the urgencies in display order, in a new slice.
func (m *Matrix) Urgencies() []UrgencyEntry { return slices.Clone(m.urgencies.entries) }

// Spec returns the data of the matrix, a deep copy: change it and call
// NewMatrix to derive a matrix of your own.
func (m *Matrix) Spec() MatrixSpec {
	s := MatrixSpec{
		Impacts:    m.Impacts(),
		Urgencies:  m.Urgencies(),
		Priorities: make(map[Urgency]map[Impact]Priority, len(m.urgencies.entries)),
	}
	n := len(m.impacts.entries)
	for ui, u := range m.urgencies.entries {
		row := make(map[Impact]Priority, n)
		for ii, i := range m.impacts.entries {
			row[i.Code] = m.cells[ui*n+ii]
		}
		s.Priorities[u.Code] = row
	}
	return s
}
