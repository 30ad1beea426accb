package kpi

import (
	"errors"
	"fmt"
)

// ErrInvalidInput is matched by the errors of Compute and Of for a request
// they cannot answer (an *InputError): no Store, a period that ends before
// it starts, an unknown dimension.
var ErrInvalidInput = errors.New("kpi: invalid input")

// InputError reports what is wrong with a request for indicators. It
// matches ErrInvalidInput.
type InputError struct {
	Field  string // e.g. "from", "group_by[1]", "store"
	Reason string // what is wrong with it, e.g. "ends before from"
}

// Error returns "kpi: invalid input: " with the field and the reason.
func (e *InputError) Error() string {
	return fmt.Sprintf("%v: %s: %s", ErrInvalidInput, e.Field, e.Reason)
}

// Is reports whether target is ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }
