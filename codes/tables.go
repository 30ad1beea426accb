package codes

import (
	"errors"
	"sync"

	"github.com/itsmkit/itsm/internal/confload"
)

// Config is the data of every code table, as written in Go, JSON or YAML.
// The keys of the document are the json tags below; each table has the form
// its entry type documents. A field left nil (a key left out of the
// document) means the default table; an empty list is an error.
//
// To extend a default table, start from DefaultConfig and append:
//
//	cfg := codes.DefaultConfig()
//	cfg.Statuses = append(cfg.Statuses, codes.Entry[codes.Status]{...})
//	tables, err := codes.NewTables(cfg)
type Config struct {
	// Kinds names the kinds of records; only IM, SR, PM and CH may appear.
	Kinds []Entry[Kind] `json:"kinds,omitempty"`
	// Priorities names P1 to P5 and describes their impact levels.
	Priorities []PriorityEntry `json:"priorities,omitempty"`
	// Matrix derives priorities from impact and urgency.
	Matrix *MatrixSpec `json:"matrix,omitempty"`
	// Statuses are the statuses of tickets.
	Statuses []Entry[Status] `json:"statuses,omitempty"`
	// ClosureCodes are the codes a ticket is closed with.
	ClosureCodes []ClosureEntry `json:"closure_codes,omitempty"`
	// Sources are the ways tickets come in.
	Sources []Entry[Source] `json:"sources,omitempty"`
	// Natures are the natures of tickets.
	Natures []Entry[Nature] `json:"natures,omitempty"`
	// Satisfaction are the requester's ratings.
	Satisfaction []SatisfactionEntry `json:"satisfaction,omitempty"`
	// ResolverRoles are the roles of whoever resolved a ticket.
	ResolverRoles []Entry[ResolverRole] `json:"resolver_roles,omitempty"`
	// Tiers names the four tiers of support; no others may appear.
	Tiers []Entry[Tier] `json:"tiers,omitempty"`
	// Categories is the category tree: its top-level nodes, in display
	// order. The default tree is an example to replace with one's own.
	Categories []CategoryNode `json:"categories,omitempty"`
	// Systems are the owning systems, in groups. The default list is an
	// example to replace with one's own.
	Systems []SystemGroup `json:"systems,omitempty"`
}

// Tables holds one of each code table. It is immutable and safe for
// concurrent use. Make one with DefaultTables, NewTables or LoadTables; the
// zero Tables holds no tables.
type Tables struct {
	kinds         *Table[Kind]
	priorities    *PriorityTable
	matrix        *Matrix
	statuses      *Table[Status]
	closureCodes  *ClosureTable
	sources       *Table[Source]
	natures       *Table[Nature]
	satisfaction  *SatisfactionTable
	resolverRoles *Table[ResolverRole]
	tiers         *Table[Tier]
	categories    *Categories
	systems       *Systems
}

// NewTables validates cfg and builds its tables, taking the default table
// for each nil field. It fails with a *TableError listing every problem in
// every table. cfg is copied.
func NewTables(cfg Config) (*Tables, error) {
	return newTables(DefaultTables(), cfg)
}

// newTables builds the tables of cfg, taking those of base for nil fields.
func newTables(base *Tables, cfg Config) (*Tables, error) {
	t := *base
	var p problems
	build(&p, &t.kinds, cfg.Kinds, NewTable[Kind])
	build(&p, &t.priorities, cfg.Priorities, NewPriorityTable)
	if cfg.Matrix != nil {
		m, err := NewMatrix(*cfg.Matrix)
		p.merge(err)
		t.matrix = m
	}
	build(&p, &t.statuses, cfg.Statuses, NewTable[Status])
	build(&p, &t.closureCodes, cfg.ClosureCodes, NewClosureTable)
	build(&p, &t.sources, cfg.Sources, NewTable[Source])
	build(&p, &t.natures, cfg.Natures, NewTable[Nature])
	build(&p, &t.satisfaction, cfg.Satisfaction, NewSatisfactionTable)
	build(&p, &t.resolverRoles, cfg.ResolverRoles, NewTable[ResolverRole])
	build(&p, &t.tiers, cfg.Tiers, NewTable[Tier])
	build(&p, &t.categories, cfg.Categories, NewCategories)
	build(&p, &t.systems, cfg.Systems, NewSystems)
	if err := p.err(); err != nil {
		return nil, err
	}
	return &t, nil
}

// build replaces *dst with the table built from entries, unless entries is
// nil; problems go to p.
func build[E any, T any](p *problems, dst **T, entries []E, newTable func([]E) (*T, error)) {
	if entries == nil {
		return
	}
	t, err := newTable(entries)
	p.merge(err)
	*dst = t
}

// LoadTables reads a JSON or YAML document of tables (see Config) and builds
// it with NewTables. Unknown keys and duplicate keys are errors. It fails
// with a *TableError listing every problem: each problem of decoding, with
// its path ("statuses[2].nmae: unknown key (did you mean name?)"), then
// every problem NewTables finds, except those that only repeat a problem of
// decoding.
func LoadTables(data []byte) (*Tables, error) {
	var cfg Config
	r := confload.Decode(data, &cfg)
	var ps []*EntryError
	for _, p := range r.Problems {
		path := p.Path
		if path == confload.Document {
			path = ""
		}
		ps = append(ps, &EntryError{Path: path, Problem: p.Message, Err: p.Err})
	}
	if r.Fatal {
		return nil, &TableError{Problems: ps}
	}
	t, err := NewTables(cfg)
	if r.OK() {
		return t, err
	}
	var te *TableError
	if errors.As(err, &te) {
		for _, e := range te.Problems {
			path := e.Path
			if e.Field != "" {
				path += "." + e.Field
			}
			// A table whose entry could not be read misses it: what is
			// said of the table as a whole ("has no entry for P1") is noise.
			if !r.Covered(path) && !(e.Field == "" && r.Under(path)) {
				ps = append(ps, e)
			}
		}
	}
	return nil, &TableError{Problems: ps}
}

// DefaultTables returns the default tables, built from DefaultConfig. The
// result is shared and immutable.
func DefaultTables() *Tables { return defaultTables() }

var defaultTables = sync.OnceValue(func() *Tables {
	t, err := newTables(&Tables{}, DefaultConfig())
	if err != nil {
		// The defaults are data of this package, built by its tests.
		panic(err)
	}
	return t
})

var extendedStatuses = sync.OnceValue(func() *Table[Status] {
	t, err := NewTable(append(defaultStatuses(), moreStatuses()...))
	if err != nil {
		panic(err)
	}
	return t
})

// DefaultMatrix returns the default impact × urgency matrix. The result is
// shared and immutable.
//
//	urgency \ impact  high  medium  low
//	critical (1h)     P1    P2      P3
//	high (2h)         P2    P3      P3
//	medium (4h)       P3    P4      P4
//	low (8h)          P3    P4      P4
func DefaultMatrix() *Matrix { return defaultTables().matrix }

// Config returns the data of every table, a deep copy that NewTables turns
// back into equal tables.
func (t *Tables) Config() Config {
	spec := t.matrix.Spec()
	return Config{
		Kinds:         t.kinds.Entries(),
		Priorities:    t.priorities.Entries(),
		Matrix:        &spec,
		Statuses:      t.statuses.Entries(),
		ClosureCodes:  t.closureCodes.Entries(),
		Sources:       t.sources.Entries(),
		Natures:       t.natures.Entries(),
		Satisfaction:  t.satisfaction.Entries(),
		ResolverRoles: t.resolverRoles.Entries(),
		Tiers:         t.tiers.Entries(),
		Categories:    t.categories.Nodes(),
		Systems:       t.systems.Groups(),
	}
}

// Kinds returns the names of the kinds of records.
func (t *Tables) Kinds() *Table[Kind] { return t.kinds }

// Priorities returns the names and impact levels of P1 to P5.
func (t *Tables) Priorities() *PriorityTable { return t.priorities }

// Matrix returns the impact × urgency matrix.
func (t *Tables) Matrix() *Matrix { return t.matrix }

// Statuses returns the statuses of tickets.
func (t *Tables) Statuses() *Table[Status] { return t.statuses }

// ClosureCodes returns the closure codes.
func (t *Tables) ClosureCodes() *ClosureTable { return t.closureCodes }

// Sources returns the sources of tickets.
func (t *Tables) Sources() *Table[Source] { return t.sources }

// Natures returns the natures of tickets.
func (t *Tables) Natures() *Table[Nature] { return t.natures }

// Satisfaction returns the satisfaction ratings.
func (t *Tables) Satisfaction() *SatisfactionTable { return t.satisfaction }

// ResolverRoles returns the resolver roles.
func (t *Tables) ResolverRoles() *Table[ResolverRole] { return t.resolverRoles }

// Tiers returns the names of the tiers of support.
func (t *Tables) Tiers() *Table[Tier] { return t.tiers }

// Categories returns the category tree.
func (t *Tables) Categories() *Categories { return t.categories }

// Systems returns the owning systems.
func (t *Tables) Systems() *Systems { return t.systems }
