// Package codes holds the code tables of incident management: record ids,
// priorities and the impact × urgency matrix, statuses, closure codes,
// sources, natures, satisfaction ratings, resolver roles, tiers of support,
// the category tree and the owning systems.
//
// The defaults come from the incident processes of an exchange, an
// ISO 20000 manual and a cloud provider. The exchange gives most tables:
// ids, priorities and their impact levels, statuses, closure codes,
// sources, natures, satisfaction ratings, tiers, and the categories and
// owning systems, which are its own and are meant as examples to replace.
// The ISO 20000 manual adds the review and archive statuses of
// ExtendedStatuses; the cloud provider gives the impact × urgency matrix,
// the resolver roles and two closure codes. Each code has a stable machine
// code and a Chinese and an English name, the Chinese as the processes
// write it:
//
//	P1 特大事件 Critical   P2 重大事件 Major   P3 较大事件 Significant
//	P4 普通事件 Normal     P5 次要事件 Minor    (P1 and P2 are major incidents)
//
// A short tour:
//
//	p, err := codes.DefaultMatrix().Priority(codes.ImpactHigh, codes.UrgencyCritical)
//	// p == codes.P1, p.Major() == true
//	id, err := codes.NewID(codes.KindIncident, time.Date(2009, 2, 24, 0, 0, 0, 0, time.UTC), 1)
//	// id.String() == "IM090224000001"
//	e, err := codes.DefaultTables().Priorities().Lookup(p)
//	// e.Name == codes.Name{ZH: "特大事件", EN: "Critical"}
//
// # Ids
//
// A record id is a kind prefix, the date the record was opened and a daily
// sequence: IM090224000001 is incident no. 1 of 2009-02-24. NewID builds
// one, ParseID reads one and rejects anything malformed with a *ParseError.
//
// # Tables
//
// Every table is data a user may replace or extend, in Go or in JSON or
// YAML. DefaultConfig returns the default data; NewTables validates a Config
// and builds immutable tables from it; LoadTables does the same from a JSON
// or YAML document, in which a table left out keeps its default:
//
//	tables, err := codes.LoadTables([]byte(`
//	statuses:
//	- code: open
//	  name: {zh: 处理中, en: Open}
//	- code: done
//	  name: {zh: 完成, en: Done}
//	`))
//
// YAML is read with sigs.k8s.io/yaml, which turns it into JSON, so one set
// of json struct tags describes both; unknown and duplicate keys are
// errors. Each table type also has its own constructor (NewTable,
// NewPriorityTable, NewMatrix, NewCategories, ...).
//
// A malformed table is reported in full: the *TableError lists every
// problem, each an *EntryError naming the entry and the field:
//
//	codes: invalid table: 2 problems:
//		statuses[1] "done": name.en is empty
//		matrix.priorities: critical.low is missing
//
// # Errors
//
// Errors match the sentinels ErrInvalidID, ErrUnknownCode and
// ErrInvalidTable with errors.Is, and carry their details in *ParseError,
// *UnknownCodeError, *TableError and *EntryError.
//
// # Concurrency
//
// Built tables are immutable and safe for concurrent use by any number of
// goroutines. They copy the data they are given and return copies, so
// changing a slice passed in or taken out never changes a table.
package codes
