package codes

import (
	"fmt"
	"slices"
)

// System is the code of an owning system (所属系统): the business system,
// facility or network an incident belongs to.
type System string

func (System) tableName() string { return "systems" }

// SystemGroup is a group of owning systems as written in Go, JSON or YAML
// (the default list has four: core and non-core systems, core and non-core
// networks):
//
//	systems:
//	- code: core_systems
//	  name: {zh: 核心系统, en: Core systems}
//	  systems:
//	  - code: trading
//	    name: {zh: 六期交易系统, en: Phase VI trading system}
type SystemGroup struct {
	// Code is the group's code, unique among groups.
	Code string `json:"code"`
	// Name is the name shown to people; both texts are required.
	Name Name `json:"name"`
	// Description explains the group; optional.
	Description Name `json:"description,omitzero"`
	// Systems are the members of the group, in display order. A system
	// code is unique across all groups.
	Systems []Entry[System] `json:"systems"`
}

// SystemEntry describes one owning system.
type SystemEntry struct {
	// Code is the system's code, unique across all groups.
	Code System
	// Name is the name shown to people.
	Name Name
	// Description explains the system; may be empty.
	Description Name
	// Group is the Code of the SystemGroup the system belongs to.
	Group string
}

func (e SystemEntry) key() System { return e.Code }

// Systems is an immutable list of owning systems in groups. It is safe for
// concurrent use; its methods return copies.
type Systems struct {
	groups []SystemGroup
	list   list[System, SystemEntry]
}

const systemsName = "systems"

// NewSystems validates groups and builds the list; groups is deep-copied. It
// fails with a *TableError listing every problem: no groups, a group
// without systems, a malformed code, a group code used twice, a system code
// used twice anywhere, a missing name.
func NewSystems(groups []SystemGroup) (*Systems, error) {
	var p problems
	var entries []SystemEntry
	seen := make(map[string]string)
	p.checkEntries(systemsName, len(groups), func(i int) (string, Name, Name) {
		g := groups[i]
		return g.Code, g.Name, g.Description
	}, func(i int, path string) {
		g := groups[i]
		if len(g.Systems) == 0 {
			p.add(path, g.Code, "systems", "has no entries")
		}
		for j, s := range g.Systems {
			sp := fmt.Sprintf("%s.systems[%d]", path, j)
			code := string(s.Code)
			p.checkCode(sp, code)
			if first, dup := seen[code]; dup && code != "" {
				p.add(sp, code, "code", "duplicates "+first)
			} else {
				seen[code] = sp
			}
			p.checkName(sp, code, "name", s.Name)
			p.checkDescription(sp, code, "description", s.Description)
			entries = append(entries, SystemEntry{Code: s.Code, Name: s.Name, Description: s.Description, Group: g.Code})
		}
	})
	if err := p.err(); err != nil {
		return nil, err
	}
	return &Systems{groups: cloneGroups(groups), list: newList(systemsName, entries)}, nil
}

func cloneGroups(groups []SystemGroup) []SystemGroup {
	out := slices.Clone(groups)
	for i := range out {
		out[i].Systems = slices.Clone(out[i].Systems)
	}
	return out
}

// Lookup returns the system with the given code, or an *UnknownCodeError.
func (s *Systems) Lookup(code System) (SystemEntry, error) { return s.list.lookup(code) }

// Has reports whether the list holds code.
func (s *Systems) Has(code System) bool { return s.list.has(code) }

// Codes returns the system codes, group by group in display order, in a
// new slice.
func (s *Systems) Codes() []System { return s.list.codes() }

// Entries returns the systems, group by group in display order, in a new
// slice.
func (s *Systems) Entries() []SystemEntry { return slices.Clone(s.list.entries) }

// Groups returns the groups as they were given, a deep copy: change them
// and call NewSystems to derive a list of your own.
func (s *Systems) Groups() []SystemGroup { return cloneGroups(s.groups) }
