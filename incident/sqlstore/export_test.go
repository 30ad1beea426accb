package sqlstore

import "github.com/itsmkit/itsm/incident"

// FindQuery returns the query Find runs first for f, and its arguments.
func FindQuery(s *Store, f incident.Filter) (string, []any) { return s.findQuery(&f) }

// Classify returns the incident sentinel a driver error means, or nil.
var Classify = classify

// MigrateTo brings a database to schema version top, and no further.
var MigrateTo = migrateTo
